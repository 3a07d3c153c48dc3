package io.cpchain.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** One operation called over and over: the same warm-up for every operation a bench compares, then a time budget. */
public final class Repeat {

  /** At least this many calls and at least this long before timing: the JIT compiles the hot paths first. */
  public static final int WARM_UP_CALLS = 20;
  public static final Duration WARM_UP_TIME = Duration.ofSeconds(1);

  private Repeat() {}

  /** Work that may throw, for the threaded runs. */
  public interface Work {
    void run() throws Exception;
  }

  /** Calls {@code op} until both warm-up bounds are met. Each result goes to a sink so the JIT cannot drop the call. */
  public static void warmUp(Supplier<?> op) {
    warmUp(WARM_UP_CALLS, WARM_UP_TIME, op);
  }

  /** A warm-up with other bounds, for operations that take long per call and a baseline warmed the same way. */
  public static void warmUp(int calls, Duration atLeast, Supplier<?> op) {
    Stopwatch warming = Stopwatch.start();
    for (int made = 0; made < calls || warming.nanos() < atLeast.toNanos(); made++) {
      sink(op.get());
    }
  }

  /** Milliseconds per call of {@code op}: warmed up, then called for {@code budget}. */
  public static double msPerCall(Duration budget, Supplier<?> op) {
    warmUp(op);
    Stopwatch measuring = Stopwatch.start();
    long calls = 0;
    long elapsed;
    do {
      sink(op.get());
      calls++;
      elapsed = measuring.nanos();
    } while (elapsed < budget.toNanos());
    return elapsed / 1e6 / calls;
  }

  /** How many times {@code threads} workers completed {@code work} in {@code duration}, together. */
  public static long forDuration(int threads, Duration duration, Work work) throws Exception {
    long deadline = System.nanoTime() + duration.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          long count = 0;
          while (System.nanoTime() < deadline) {
            work.run();
            count++;
          }
          return count;
        }));
      }
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sink(Object result) {
    if (result == null) {
      throw new IllegalStateException("an operation returned nothing");
    }
  }
}
