package io.cpchain.consensus.core;

/** Schedules timeouts; the node uses a scheduled executor, the simulation its event queue. */
public interface Timers {
  void schedule(Timeout timeout, long delayMs);
}
