package io.cpchain.cli.bench;

/** Elapsed time from a start, on the monotonic clock. */
public final class Stopwatch {

  private final long startNanos;

  private Stopwatch(long startNanos) {
    this.startNanos = startNanos;
  }

  public static Stopwatch start() {
    return new Stopwatch(System.nanoTime());
  }

  /** A stopwatch started at an earlier {@link System#nanoTime()} reading. */
  public static Stopwatch startedAt(long nanoTime) {
    return new Stopwatch(nanoTime);
  }

  public long nanos() {
    return System.nanoTime() - startNanos;
  }

  public double seconds() {
    return nanos() / 1e9;
  }

  /** {@code count} over the seconds elapsed so far. */
  public double perSecond(double count) {
    return count / seconds();
  }
}
