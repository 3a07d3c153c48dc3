package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.storage.StorageCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka cluster's shape as the stack's config gives it: ports, bootstrap, replicas, what is recorded. */
class StackConfigTest {

  @TempDir Path workDir;

  private StackConfig brokers(int brokers) {
    StackConfig defaults = StackConfig.defaults(workDir);
    return new StackConfig(defaults.workDir(), defaults.kafkaPort(), brokers, defaults.storageBasePort(),
        defaults.storageNodes(), defaults.flinkPort(), defaults.chainPort());
  }

  @Test
  void storageCredentialsAreThoseOfTheFirstStartAndAnOpenFileIsRefused() throws Exception {
    StackConfig stack = StackConfig.defaults(workDir);
    assertEquals("no storage credentials in " + stack.storageCredentialsFile() + " (bin/cpchain up creates them)",
        assertThrows(IllegalStateException.class, stack::storageCredentials).getMessage());
    StorageCredentials first = StorageCredentials.readOrCreate(stack.storageCredentialsFile());
    assertEquals(first, StorageCredentials.readOrCreate(stack.storageCredentialsFile()));
    assertEquals(first, stack.storageCredentials());
    Files.setPosixFilePermissions(stack.storageCredentialsFile(), PosixFilePermissions.fromString("rw-r-----"));
    assertTrue(assertThrows(IllegalStateException.class, stack::storageCredentials).getMessage()
        .endsWith("holds a secret but is open to others (rw-r-----); chmod 600 " + stack.storageCredentialsFile()));
  }

  @Test
  void eachBrokerTakesTwoPortsAndTheBootstrapListsThemAll() {
    StackConfig three = brokers(3);
    assertEquals("127.0.0.1:9092,127.0.0.1:9094,127.0.0.1:9096", three.bootstrapServers());
    assertEquals(9096, three.kafkaBrokerPort(3));
    assertEquals(9097, three.kafkaControllerPort(3));
    assertEquals("127.0.0.1:9092", brokers(1).bootstrapServers());
  }

  @Test
  void replicasAreOnePerBrokerUpToThreeAndTwoMustAckFromThree() {
    assertEquals(1, brokers(1).kafkaReplicationFactor());
    assertEquals(1, brokers(1).kafkaMinInSyncReplicas());
    assertEquals(2, brokers(2).kafkaReplicationFactor());
    assertEquals(1, brokers(2).kafkaMinInSyncReplicas());
    assertEquals(3, brokers(3).kafkaReplicationFactor());
    assertEquals(2, brokers(3).kafkaMinInSyncReplicas());
    assertEquals(3, brokers(5).kafkaReplicationFactor());
    assertEquals(2, brokers(5).kafkaMinInSyncReplicas());
  }

  @Test
  void theBrokerCountIsRecordedAndAnOlderRecordMeansOne() throws Exception {
    brokers(3).save();
    assertEquals(3, StackConfig.load(workDir).kafkaBrokers());
    Path file = workDir.resolve("stack.properties");
    Files.writeString(file, Files.readString(file).replaceAll("(?m)^kafka\\.brokers=.*$", ""));
    assertEquals(1, StackConfig.load(workDir).kafkaBrokers());
  }

  @Test
  void aBrokerCountOutOfRangeIsOneLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> brokers(0));
    assertEquals("--brokers must be between 1 and 9, not 0", e.getMessage());
  }

  @Test
  void brokerPortsThatReachTheStorageNodesAreRefusedBeforeAnythingStarts() {
    StackConfig config = new StackConfig(workDir, 9097, 3, 9101, 4, 8081, 7301); // brokers on 9097-9102
    LocalStack stack = new LocalStack(config, workDir.resolve("flink-conf"));
    LocalStack.PortInUseException e = assertThrows(LocalStack.PortInUseException.class,
        () -> stack.up(new PrintStream(new ByteArrayOutputStream())));
    assertEquals("port 9101 is both kafka broker 3 (--kafka-port + 4) and storage node 0 (--storage-port);"
        + " choose ports that do not overlap", e.getMessage());
    assertTrue(Files.notExists(workDir.resolve("kafka")), "no broker was set up");
  }
}
