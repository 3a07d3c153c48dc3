package io.cpchain.cli.bench;

import io.cpchain.cli.bench.SignedFrames.SignedFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling for signed ingest: Ed25519 verifications per second with every core verifying the
 * job's own frames (their signed bytes and keys, round-robin).
 */
final class Ed25519VerifyRate {

  private Ed25519VerifyRate() {}

  static double measure(List<SignedFrame> frames, Duration duration) throws InterruptedException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no frames to verify");
    }
    LongAdder verified = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<Thread> threads = new ArrayList<>();
    int cores = Runtime.getRuntime().availableProcessors();
    for (int t = 0; t < cores; t++) {
      int offset = t * frames.size() / cores;
      Thread thread = new Thread(() -> {
        for (int i = offset; !stop.get(); i++) {
          if (!frames.get(i % frames.size()).verify()) {
            throw new IllegalStateException("a frame the job accepts failed to verify");
          }
          if (measuring.get()) {
            verified.increment();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(Repeat.WARM_UP_TIME.toMillis()); // the JIT, with every thread verifying
    measuring.set(true);
    Stopwatch measured = Stopwatch.start();
    Thread.sleep(duration.toMillis());
    long count = verified.sum();
    double perSecond = measured.perSecond(count);
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    return perSecond;
  }
}
