package io.cpchain.he.seal.javet;

import io.cpchain.he.seal.BfvParameters;
import io.cpchain.he.seal.BfvSession;
import io.cpchain.he.seal.Ciphertext;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run by {@link EngineStartsNeverCrashTheJvmITCase} in fresh JVMs: four SEAL engines start at the same
 * instant, as four Flink operators opening together do, two in this class loader and two in class
 * loaders of their own (Flink's one per job, each with its own copy of Javet and of V8); each does one
 * encrypt and decrypt. Prints one line and exits 0 when all four round trips are right.
 */
public final class ConcurrentEngineStarts {

  static final int ENGINES = 4;
  static final String DONE = "engines started concurrently, round trips right: ";

  public static void main(String[] args) throws Exception {
    CyclicBarrier together = new CyclicBarrier(ENGINES);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < ENGINES; i++) {
      boolean ownLoader = i % 2 == 1;
      long value = 1000 + i;
      Thread thread = new Thread(() -> {
        try {
          long decrypted = ownLoader ? inOwnClassLoader(together, value) : roundTrip(together, value);
          if (decrypted != value) {
            throw new AssertionError("decrypted " + decrypted + ", encrypted " + value);
          }
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "engine-" + i);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      failure.get().printStackTrace();
      System.exit(1);
    }
    System.out.println(DONE + ENGINES);
  }

  /** Starts an engine once every thread is ready, and returns what it decrypts of {@code value}. */
  public static long roundTrip(CyclicBarrier together, long value) throws Exception {
    together.await();
    try (BfvSession session = BfvSession.start(BfvParameters.of(8192, 20), new SecureRandom())) {
      byte[] saved = session.encrypt(value);
      try (Ciphertext cipher = session.context().loadCiphertext(saved)) {
        return session.decrypt(cipher)[0];
      }
    }
  }

  /** {@link #roundTrip} with this class and Javet loaded again by a loader that shares nothing of ours. */
  private static long inOwnClassLoader(CyclicBarrier together, long value) throws Exception {
    URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> {
          try {
            return new File(entry).toURI().toURL();
          } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(entry, e);
          }
        })
        .toArray(URL[]::new);
    try (URLClassLoader job = new URLClassLoader("job", classpath, ClassLoader.getPlatformClassLoader())) {
      Class<?> copy = job.loadClass(ConcurrentEngineStarts.class.getName());
      if (copy == ConcurrentEngineStarts.class) {
        throw new AssertionError("the job class loader shared this class");
      }
      return (long) copy.getMethod("roundTrip", CyclicBarrier.class, long.class).invoke(null, together, value);
    }
  }
}
