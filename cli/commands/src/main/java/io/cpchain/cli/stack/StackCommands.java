package io.cpchain.cli.stack;

import io.cpchain.cli.StackOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code up}, {@code down} and {@code status} of the local stack. */
public final class StackCommands {

  private StackCommands() {}

  @Command(name = "up", description = "Start the local stack (Kafka in KRaft mode, storage nodes, Flink"
      + " MiniCluster with Web UI); harmless when it is already up.")
  public static final class Up implements Callable<Integer> {
    @Mixin StackOptions options;

    @Override
    public Integer call() {
      LocalStack stack = options.stack();
      if (stack.isUp()) {
        System.out.println("stack already up in " + stack.config().workDir());
      } else {
        stack.up(System.out);
        System.out.println("stack up in " + stack.config().workDir() + ": Kafka " + stack.config().bootstrapServers()
            + ", Flink Web UI " + stack.config().flinkRest().uri("") + " " + stack.webUiNote());
      }
      return 0;
    }
  }

  @Command(name = "down", description = "Stop the local stack; its state stays in the work directory.")
  public static final class Down implements Callable<Integer> {
    @Mixin StackOptions options;

    @Override
    public Integer call() {
      options.stack().down(System.out);
      return 0;
    }
  }

  @Command(name = "status", description = "Show which services of the local stack run.")
  public static final class Status implements Callable<Integer> {
    @Mixin StackOptions options;

    @Override
    public Integer call() {
      LocalStack stack = options.stack();
      for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
        String state = service.getValue().running().map(p -> "running (pid " + p.pid() + ")").orElse("stopped");
        System.out.printf("%-10s %s%n", service.getKey(), state);
      }
      return stack.isUp() ? 0 : 3;
    }
  }
}
