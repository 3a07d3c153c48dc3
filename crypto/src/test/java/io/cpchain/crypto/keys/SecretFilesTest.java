package io.cpchain.crypto.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attack: a secret the tools keep on disk (a key's password, an encrypted key) readable by other users. */
class SecretFilesTest {

  @TempDir Path dir;

  @Test
  void aPasswordFileOthersCanReadIsRefused() throws Exception {
    Path file = dir.resolve("pipeline-node.password");
    Files.writeString(file, "hunter2\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    IllegalStateException refused = assertThrows(IllegalStateException.class, () -> PasswordFile.readOrCreate(file));
    assertEquals(file + " holds a secret but is open to others (rw-r--r--); chmod 600 " + file,
        refused.getMessage());
  }

  @Test
  void aCreatedPasswordFileAndKeyFileAreOwnerOnly() throws Exception {
    Path password = dir.resolve("keys/node.password");
    new KeyStore(dir.resolve("keys"), new KeyFile.ScryptParams(1 << 10, 8, 1))
        .create("node", KeyKind.SECP256K1, PasswordFile.readOrCreate(password));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(password)));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/node.key"))));
    try (var files = Files.list(dir.resolve("keys"))) {
      assertTrue(files.allMatch(f -> f.equals(password) || f.getFileName().toString().equals("node.key")),
          "no temp file left behind");
    }
  }
}
