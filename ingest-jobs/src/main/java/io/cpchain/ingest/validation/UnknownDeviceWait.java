package io.cpchain.ingest.validation;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * When the waiting frames of a device the job does not know may be called unknown:
 * {@code unknown-device-grace} after the later of the first one's arrival and the moment the chain
 * source caught up with the chain. A job that has not read the chain yet knows no device, so its not
 * knowing one says nothing; once it has read the chain, a device's registration is as late as it
 * was live. Times are the task's processing time; the catch-up is this run's (a restored or
 * restarted job reads the chain on from its checkpoint and catches up again).
 */
public final class UnknownDeviceWait {

  private static final long NOT_YET = Long.MIN_VALUE;

  private final long graceMs;
  private long caughtUpAtMs = NOT_YET;

  public UnknownDeviceWait(Duration grace) {
    this.graceMs = grace.toMillis();
  }

  /** The chain source has caught up, at {@code nowMs}; a later word of it changes nothing. */
  public void caughtUp(long nowMs) {
    if (caughtUpAtMs == NOT_YET) {
      caughtUpAtMs = nowMs;
    }
  }

  public boolean hasCaughtUp() {
    return caughtUpAtMs != NOT_YET;
  }

  /** When to look first at a device's frames, the first of which came at {@code arrivalMs}. */
  public long firstCheck(long arrivalMs) {
    return arrivalMs + graceMs;
  }

  /**
   * At a look at {@code nowMs} (set by {@link #firstCheck} or returned here, so at least the grace
   * after the first frame came): when to look again, or empty when the frames are due to be
   * unknown, the grace since the catch-up over too. Before the catch-up, again a grace later.
   */
  public OptionalLong nextCheck(long nowMs) {
    if (!hasCaughtUp()) {
      return OptionalLong.of(nowMs + graceMs);
    }
    long due = caughtUpAtMs + graceMs;
    return due > nowMs ? OptionalLong.of(due) : OptionalLong.empty();
  }
}
