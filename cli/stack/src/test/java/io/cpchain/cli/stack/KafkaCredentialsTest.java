package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka users' passwords: drawn once per install, one owner-only client settings file each. */
class KafkaCredentialsTest {

  @TempDir Path workDir;

  @Test
  void everyUserGetsItsOwnPasswordInAnOwnerOnlyFileKeptAcrossStarts() throws Exception {
    StackConfig stack = StackConfig.defaults(workDir);
    KafkaCredentials credentials = stack.kafkaCredentials();
    credentials.ensureAll();
    Set<String> passwords = new HashSet<>();
    for (KafkaUser user : KafkaUser.values()) {
      Path file = stack.kafkaClientPropertiesFile(user);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
      assertTrue(passwords.add(credentials.password(user)), "a password drawn twice");
      assertEquals(64, credentials.password(user).length(), "256 random bits, in hex");
    }
    String first = credentials.password(KafkaUser.INGEST);
    credentials.ensureAll();
    assertEquals(first, credentials.password(KafkaUser.INGEST), "a later start keeps the install's passwords");
  }

  @Test
  void aClientSignsInAsItsUserWithScramAndTheAdminWithPlain() {
    StackConfig stack = StackConfig.defaults(workDir);
    stack.kafkaCredentials().ensureAll();
    Properties gateway = stack.kafkaClient(KafkaUser.GATEWAY);
    assertEquals(stack.bootstrapServers(), gateway.getProperty("bootstrap.servers"));
    assertEquals("SASL_PLAINTEXT", gateway.getProperty("security.protocol"));
    assertEquals("SCRAM-SHA-512", gateway.getProperty("sasl.mechanism"));
    assertTrue(gateway.getProperty("sasl.jaas.config").contains("username=\"gateway\""));
    assertEquals("PLAIN", stack.kafkaClient(KafkaUser.ADMIN).getProperty("sasl.mechanism"));
    // The file a job is handed carries security settings only, as job-common's KafkaClientConfig takes them.
    assertFalse(stack.kafkaCredentials().settings(KafkaUser.GATEWAY).containsKey("bootstrap.servers"));
  }

  @Test
  void aFileOpenToOthersIsRefused() throws Exception {
    StackConfig stack = StackConfig.defaults(workDir);
    stack.kafkaCredentials().ensureAll();
    Path file = stack.kafkaClientPropertiesFile(KafkaUser.INGEST);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> stack.kafkaClient(KafkaUser.INGEST)).getMessage()
        .contains("holds a secret but is open to others"));
  }

  @Test
  void aClusterFormattedWithoutAuthenticationIsRefusedWithWhatToDo() throws Exception {
    StackConfig stack = StackConfig.defaults(workDir);
    Path meta = workDir.resolve("kafka/data/meta.properties"); // as a stack before SASL formatted it
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "cluster.id=an-old-one\nnode.id=1\nversion=1\n");
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new KafkaService(stack).start());
    assertEquals("the Kafka cluster in " + stack.workDir() + " was formatted without authentication (before the"
        + " stack's Kafka took SASL users and ACLs); stop the stack (bin/cpchain down) and remove " + stack.workDir()
        + " (or use another --work-dir) to start a new one", refused.getMessage());
    assertFalse(Files.exists(stack.kafkaClientPropertiesFile(KafkaUser.ADMIN)), "nothing drawn for a refused cluster");
  }
}
