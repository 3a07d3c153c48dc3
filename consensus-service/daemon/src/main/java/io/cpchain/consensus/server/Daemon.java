package io.cpchain.consensus.server;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * How a node process (a chain node, a proxy) lives: it starts, or says in one line on stderr why not
 * and exits 2; then it runs until SIGTERM or Ctrl-C and closes what it started.
 */
public final class Daemon {

  /** Starts something from its config; what it throws for bad input is reported, not traced. */
  @FunctionalInterface
  public interface Start<T extends AutoCloseable> {
    T start() throws IOException, GeneralSecurityException;
  }

  private Daemon() {}

  /** For a {@code main}: the started thing, or exit 2 after one line {@code "<name>: <reason>"}. */
  public static <T extends AutoCloseable> T startOrExit(String name, Start<T> start) {
    try {
      return start.start();
    } catch (IllegalArgumentException | IllegalStateException | GeneralSecurityException e) {
      return exit(name, e.getMessage());
    } catch (NoSuchFileException e) {
      return exit(name, e.getMessage() + ": no such file");
    } catch (IOException e) {
      return exit(name, e.toString());
    }
  }

  /** Blocks until the JVM is asked to stop, then closes {@code running} (from the shutdown hook). */
  public static void runUntilStopped(AutoCloseable running) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }));
    stopped.await();
  }

  public static <T> T exit(String name, String message) {
    System.err.println(name + ": " + message);
    System.exit(2);
    throw new IllegalStateException("unreachable: exited");
  }
}
