package io.cpchain.cli;

import java.util.Arrays;

/** Recorded samples (latencies, say) and their percentiles by nearest rank: the one implementation the benches and the demo use. */
public final class Samples {

  private long[] values = new long[64];
  private int size;

  public static Samples of(long... values) {
    Samples samples = new Samples();
    for (long value : values) {
      samples.add(value);
    }
    return samples;
  }

  public synchronized void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public synchronized int size() {
    return size;
  }

  /** The p-th percentile (1..100, nearest rank), 0 if nothing was recorded. */
  public synchronized long percentile(int p) {
    if (p < 1 || p > 100) {
      throw new IllegalArgumentException("a percentile is 1..100, not " + p);
    }
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(index, size - 1))];
  }

  public long p50() {
    return percentile(50);
  }

  public long p99() {
    return percentile(99);
  }

  public long max() {
    return percentile(100);
  }
}
