package io.cpchain.sharing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.sharing.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KfragVaultTest {

  @TempDir Path dir;

  /** Attack: a proxy's kfrags read by another user of its machine, one step towards a threshold of them. */
  @Test
  void storedKfragsAreOwnerOnlyAndReadBackAfterARestart() throws Exception {
    Hash grant = Hash.keccak("grant".getBytes(StandardCharsets.UTF_8));
    Messages.KfragDelivery delivery = new Messages.KfragDelivery(grant.toHex(), "terms", List.of(), "signature");
    assertTrue(new KfragVault(dir).putIfAbsent(grant, delivery));
    try (var files = Files.list(dir)) {
      List<Path> stored = files.toList();
      assertEquals(1, stored.size(), stored.toString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored.get(0))));
    }
    assertEquals(delivery, new KfragVault(dir).get(grant).orElseThrow());
  }
}
