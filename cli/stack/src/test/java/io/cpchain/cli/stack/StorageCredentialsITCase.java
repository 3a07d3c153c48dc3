package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.jobs.EncryptJobs;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageCredentials;
import io.cpchain.storage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks on the local stack's storage credential: one storage node started as {@code up} starts it. */
class StorageCredentialsITCase {

  @TempDir static Path workDir;
  private static StackConfig stack;
  private static StorageNodes storage;

  @BeforeAll
  static void startOneStorageNode() throws IOException {
    stack = new StackConfig(workDir, 0, 1, FreePorts.range(1), 1, 0, 0);
    storage = new StorageNodes(stack);
    storage.start(0);
    storage.awaitReady(0, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (storage != null) {
      storage.processes().forEach(node -> node.stop(Duration.ofSeconds(10)));
    }
  }

  /** Attack: the credential every install shared, written in the source, opens another install's nodes. */
  @Test
  void theOldConstantCredentialIsRefused() {
    S3NodeStore withConstant = new S3NodeStore(stack.storageNodeList().get(0),
        new StorageCredentials("cpchain", "cpchain-local-storage"));
    assertThrows(StorageException.class, () -> withConstant.put(
        ChunkId.of("x".getBytes(StandardCharsets.UTF_8)), "x".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void theInstallsOwnCredentialsAreTakenAndKeptOwnerOnly() throws Exception {
    StorageCredentials credentials = stack.storageCredentials();
    byte[] chunk = "x".getBytes(StandardCharsets.UTF_8);
    new S3NodeStore(stack.storageNodeList().get(0), credentials).put(ChunkId.of(chunk), chunk);
    for (Path secret : List.of(stack.storageCredentialsFile(), workDir.resolve("storage/node-0.properties"))) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
    }
  }

  /** Attack: the encrypt job's arguments are shown by Flink's REST API and kept in the stack's submitted-jobs file. */
  @Test
  void theEncryptJobsArgumentsCarryNoStorageSecret() {
    List<String> args = List.of(EncryptJobs.forStack(stack, "--replicas", "1").toArgs());
    assertFalse(String.join(" ", args).contains(stack.storageCredentials().secretKey()), args.toString());
    assertTrue(args.contains(stack.storageCredentialsFile().toString()), args.toString());
  }
}
