package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.consensus.core.ConsensusConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainLayoutTest {

  @TempDir Path dir;

  /** Attack: the one password of every node and client key, readable by any user of the machine. */
  @Test
  void theKeysPasswordAndTheKeysAreOwnerOnly() throws Exception {
    ChainLayout.create(dir, 1, 1, 7301, 7401, ConsensusConfig.DEFAULT, Map.of());
    for (String file : new String[] {"keys/password", "keys/node-1.key", "keys/client-1.key"}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
    }
  }
}
