package io.cpchain.consensus.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node as its own JVM process ({@code java -cp <this classpath> NodeMain --config ...}), output
 * appended to a log file. For tests and tools that own the process; {@code kill()} is a SIGKILL.
 */
public final class NodeProcess {

  private final Process process;
  private final Path log;

  private NodeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  public static NodeProcess start(Path config, Path log, List<String> jvmOptions) {
    return start(NodeMain.class.getName(), List.of("--config", config.toString()), log, jvmOptions);
  }

  /** Any node's main class (a chain node, a proxy) with its arguments, on this JVM's classpath. */
  public static NodeProcess start(String mainClass, List<String> args, Path log, List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      return new NodeProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + " " + args, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed that was not already durable. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
