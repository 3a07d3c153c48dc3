package io.cpchain.storage.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.storage.StorageCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyNodeConfigTest {

  @TempDir Path dir;

  /** Attack: the node's properties hold the storage credential; other users must not read it. */
  @Test
  void theNodeConfigHoldingTheCredentialIsOwnerOnlyEvenOverAnOpenOldOne() throws Exception {
    Path file = dir.resolve("node-0.properties");
    Files.writeString(file, "left by an older version\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    S3ProxyNodeConfig.write(file, 9101, dir.resolve("node-0"), StorageCredentials.generate());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
