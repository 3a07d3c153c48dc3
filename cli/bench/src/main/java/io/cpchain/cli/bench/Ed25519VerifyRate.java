package io.cpchain.cli.bench;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** The ceiling for signed ingest: Ed25519 verifications per second with every core verifying. */
final class Ed25519VerifyRate {

  private Ed25519VerifyRate() {}

  static double measure(int messageBytes, Duration duration) throws InterruptedException {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    Ed25519PublicKey publicKey = key.publicKey();
    byte[] message = new byte[messageBytes];
    new java.util.Random(1).nextBytes(message);
    byte[] signature = key.sign(message);
    LongAdder verified = new LongAdder();
    AtomicBoolean measuring = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < Runtime.getRuntime().availableProcessors(); t++) {
      Thread thread = new Thread(() -> {
        while (!stop.get()) {
          if (!publicKey.verify(message, signature)) {
            throw new IllegalStateException("a valid signature failed to verify");
          }
          if (measuring.get()) {
            verified.increment();
          }
        }
      });
      thread.start();
      threads.add(thread);
    }
    Thread.sleep(1_000); // warm-up: JIT
    measuring.set(true);
    long start = System.nanoTime();
    Thread.sleep(duration.toMillis());
    long count = verified.sum();
    double seconds = (System.nanoTime() - start) / 1e9;
    stop.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    return count / seconds;
  }
}
