package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.cli.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --brokers} through the stack options: recorded at up, kept by later commands, fixed once formatted. */
class StackOptionsTest {

  @TempDir Path workDir;

  @Command
  static final class AnyStackCommand {
    @Mixin StackOptions options;
  }

  private StackConfig config(String... args) {
    AnyStackCommand command = new AnyStackCommand();
    new CommandLine(command).parseArgs(java.util.stream.Stream.concat(
        java.util.stream.Stream.of("--work-dir", workDir.toString()), java.util.stream.Stream.of(args))
        .toArray(String[]::new));
    return command.options.config();
  }

  @Test
  void oneBrokerByDefaultAndTheRecordedCountLater() {
    assertEquals(1, config().kafkaBrokers());
    config("--brokers", "3").save();
    assertEquals(3, config().kafkaBrokers(), "a command without --brokers on the same work dir");
  }

  @Test
  void aFormattedClusterKeepsItsBrokerCount() throws Exception {
    config("--brokers", "3").save();
    Files.createDirectories(workDir.resolve("kafka/broker-1/data"));
    Files.writeString(workDir.resolve("kafka/broker-1/data/meta.properties"), "cluster.id=x\n");
    assertEquals(3, config("--brokers", "3").kafkaBrokers());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("--brokers", "1"));
    assertEquals(workDir.toAbsolutePath().normalize() + " holds a Kafka cluster of 3 broker(s), its controller"
        + " quorum fixed: give --brokers 3 or use another --work-dir", e.getMessage());
  }

  @Test
  void theMiniClusterByDefaultAStandaloneClusterWhenAskedAndTheRecordedChoiceLater() {
    assertEquals(0, config().flinkTaskManagers());
    assertEquals(1, config("--standalone-flink").flinkTaskManagers());
    assertEquals(2, config("--taskmanagers", "2").flinkTaskManagers(), "--taskmanagers implies a standalone cluster");
    config("--standalone-flink", "--taskmanagers", "2").save();
    assertEquals(2, config().flinkTaskManagers(), "a command without the flags on the same work dir");
    assertEquals(0, config("--no-standalone-flink").flinkTaskManagers());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> config("--no-standalone-flink", "--taskmanagers", "2"));
    assertEquals("--taskmanagers is for a standalone Flink cluster, not --no-standalone-flink", e.getMessage());
  }
}
