package io.cpchain.cli.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The rate at which a pipeline's output appears, taken the same way for a job and for its
 * baseline: from the first moment any output is seen to the moment all of it is, the output of
 * that first sighting not counted. Start-up (connections, group joins, the first checkpoint) is so
 * left out of both.
 */
public final class OutputRate {

  private static final long POLL_MS = 20;

  private OutputRate() {}

  /** Polls {@code delivered} until it reaches {@code expected}; returns records per second. */
  public static double perSecond(LongSupplier delivered, long expected, Duration timeout, String what)
      throws InterruptedException {
    Stopwatch waiting = Stopwatch.start();
    Stopwatch sinceFirst = null;
    long atFirst = 0;
    long seen;
    while ((seen = delivered.getAsLong()) < expected) {
      if (waiting.nanos() > timeout.toNanos()) {
        throw new IllegalStateException(what + " delivered " + seen + " of " + expected + " in " + timeout.toSeconds()
            + " s");
      }
      if (sinceFirst == null && seen > 0) {
        sinceFirst = Stopwatch.start();
        atFirst = seen;
      }
      Thread.sleep(POLL_MS);
    }
    if (sinceFirst == null) { // everything arrived between two polls: no interval to measure
      throw new IllegalStateException(what + " delivered all " + expected + " records at once; give it more to do");
    }
    return sinceFirst.perSecond(expected - atFirst);
  }
}
