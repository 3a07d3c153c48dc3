package io.cpchain.cli.chaos;

import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.ServiceProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One fault of the suite: a real signal to a real process of the local stack, then what makes the
 * stack whole again. {@link #inject} returns once the fault is seen to be in effect (the process gone,
 * or stopped by the kernel); {@link #recover} once the hit service answers again.
 */
abstract class Fault {

  private static final Duration SEEN_WITHIN = Duration.ofSeconds(30);

  private final String name;
  private final String service;
  private final String description;

  Fault(String name, String service, String description) {
    this.name = name;
    this.service = service;
    this.description = description;
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  ServiceProcess process(LocalStack stack) {
    ServiceProcess process = stack.services().get(service);
    if (process == null) {
      throw new IllegalStateException("the stack has no service " + service + " (it has " + stack.services().keySet()
          + ")");
    }
    return process;
  }

  /** Injects the fault; true once it is seen in effect, false if it was not seen within 30 s. */
  abstract boolean inject(LocalStack stack) throws Exception;

  /** How long the fault holds before {@link #recover} undoes it. */
  abstract Duration outage();

  /** Makes the stack whole again; returns once the hit service answers. */
  abstract void recover(LocalStack stack, PrintStream out) throws Exception;

  /** Restores what a lost disk held (for storage: {@code bin/cpchain storage repair}); returns the copies made. */
  interface Repair {
    int run() throws Exception;
  }

  /**
   * kill -9, then (after the outage) restarted as {@code bin/cpchain up} restarts it: a restarted Flink
   * cluster gets its jobs back from their retained checkpoints there. A fault that also empties the
   * process's disk is recovered from as an operator would: restart, then repair.
   */
  static final class KillAndRestart extends Fault {

    private final Duration outage;
    private final Path wipe;
    private final Repair repair;

    KillAndRestart(String name, String service, String description, Duration outage) {
      this(name, service, description, outage, null, null);
    }

    /** @param wipe a directory emptied while the process is down (its disk lost), then restored by {@code repair} */
    KillAndRestart(String name, String service, String description, Duration outage, Path wipe, Repair repair) {
      super(name, service, description);
      this.outage = outage;
      this.wipe = wipe;
      this.repair = repair;
    }

    @Override
    boolean inject(LocalStack stack) throws Exception {
      ProcessHandle process = process(stack).running().orElseThrow(
          () -> new IllegalStateException(name() + ": the service is not running before the fault"));
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      process.onExit().get(SEEN_WITHIN.toSeconds(), TimeUnit.SECONDS);
      if (wipe != null) {
        deleteContents(wipe);
      }
      return process(stack).running().isEmpty();
    }

    @Override
    Duration outage() {
      return outage;
    }

    @Override
    void recover(LocalStack stack, PrintStream out) throws Exception {
      stack.up(out);
      if (repair != null) {
        out.println("!! " + name() + ": repair made " + repair.run() + " copies");
      }
    }

    private static void deleteContents(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          if (!file.equals(dir)) {
            Files.delete(file);
          }
        }
      }
    }
  }

  /** SIGSTOP for the outage, then SIGCONT: a process that hangs (a long GC pause, a swapped-out VM) and comes back. */
  static final class Freeze extends Fault {

    private final Duration hold;

    Freeze(String name, String service, String description, Duration hold) {
      super(name, service, description);
      this.hold = hold;
    }

    @Override
    boolean inject(LocalStack stack) throws Exception {
      long pid = pid(stack);
      signal("STOP", pid);
      long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        if (stopped(pid)) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }

    @Override
    Duration outage() {
      return hold;
    }

    @Override
    void recover(LocalStack stack, PrintStream out) throws Exception {
      signal("CONT", pid(stack));
      stack.up(out); // returns once every service answers, the thawed one too
    }

    private long pid(LocalStack stack) {
      return process(stack).running().orElseThrow(
          () -> new IllegalStateException(name() + ": the service is not running")).pid();
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    }

    /** The kernel's view: state T (stopped) in /proc/PID/stat, after the command name in parentheses. */
    private static boolean stopped(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
      return afterName.startsWith("T");
    }
  }
}
