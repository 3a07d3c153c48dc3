package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cpchain.consensus.core.ConsensusConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

  /** Attack: on a host, another node's key or a shared password would let one host sign as every validator. */
  @Test
  void eachHostsNodeHasItsOwnOwnerOnlyKeyAndPassword() throws Exception {
    ChainLayout.createForHosts(dir, List.of(
        new ChainLayout.HostNode(InetSocketAddress.createUnresolved("a.example", 7301), 7401),
        new ChainLayout.HostNode(InetSocketAddress.createUnresolved("b.example", 7301), 7401)), "0.0.0.0", 1,
        ConsensusConfig.DEFAULT);
    for (String file : new String[] {"node-1/keys/password", "node-1/keys/node.key", "node-2/keys/password",
        "node-2/keys/node.key", "clients/password", "clients/client-1.key"}) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))), file);
    }
    assertNotEquals(Files.readString(dir.resolve("node-1/keys/password")),
        Files.readString(dir.resolve("node-2/keys/password")), "a password per node");
    NodeConfig second = NodeConfig.read(dir.resolve("node-2/node.yaml"));
    assertEquals("0.0.0.0:7301", second.listen().getHostString() + ":" + second.listen().getPort());
    assertEquals(List.of("a.example:7301"), second.peers().values().stream()
        .map(p -> p.getHostString() + ":" + p.getPort()).toList(), "it dials the other node where that one said");
  }
}
