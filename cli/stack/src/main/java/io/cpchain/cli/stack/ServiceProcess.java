package io.cpchain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One server of the local stack as its own operating-system process: started detached (so it
 * outlives the command that started it), its pid kept in {@code run/<name>.pid}, its output in
 * {@code logs/<name>.log}.
 */
public final class ServiceProcess {

  private final String name;
  private final Path pidFile;
  private final Path logFile;

  public ServiceProcess(StackConfig stack, String name) {
    this.name = name;
    this.pidFile = stack.runDir().resolve(name + ".pid");
    this.logFile = stack.logDir().resolve(name + ".log");
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** The running process, if its pid file names one that is alive. */
  public Optional<ProcessHandle> running() {
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Starts {@code java -cp <this classpath> <mainClass> args} in its own session. */
  public ProcessHandle startJava(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid"); // its own session: a Ctrl-C in the terminal that ran 'up' does not reach it
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(pidFile.getParent());
      Files.createDirectories(logFile.getParent());
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      Files.writeString(pidFile, Long.toString(process.pid()));
      return process.toHandle();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** Asks the process to stop (SIGTERM, so it shuts down cleanly), then forces it after a grace. */
  public boolean stop(Duration grace) {
    Optional<ProcessHandle> process = running();
    process.ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (Exception timedOut) {
        p.destroyForcibly();
        p.onExit().join();
      }
    });
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return process.isPresent();
  }
}
