package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain written for nodes on separate hosts ({@code chain init}): each node runs from its own directory, as it
 * would on its own host, holding its own key only, and the four agree on one chain that executes a client's
 * transfer. (The hosts here are one machine's loopback, with a port per node.)
 */
class NodesOnSeparateHostsITCase {

  private static final int NODES = 4;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path out;

  @Test
  void eachNodesDirectoryAloneRunsItsNodeAndTheNodesAgreeOnOneChain() throws Exception {
    int base = TestChain.freePortRun(2 * NODES);
    List<ChainLayout.HostNode> hosts = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      hosts.add(new ChainLayout.HostNode(InetSocketAddress.createUnresolved("127.0.0.1", base + i), base + NODES + i));
    }
    ChainLayout.createForHosts(out, hosts, "127.0.0.1", 2, TestChain.FAST);
    assertThrows(IllegalStateException.class,
        () -> ChainLayout.createForHosts(out, hosts, "127.0.0.1", 2, TestChain.FAST), "an existing layout stays");

    for (int i = 1; i <= NODES; i++) {
      Path dir = out.resolve("node-" + i);
      try (Stream<Path> files = Files.walk(dir)) {
        Set<String> held = files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString())
            .collect(Collectors.toSet());
        assertEquals(Set.of("node.yaml", "genesis.yaml", "keys/node.key", "keys/password"), held,
            "node " + i + " holds its own key and nothing of the others'");
      }
    }

    List<NodeProcess> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= NODES; i++) {
        Path dir = out.resolve("node-" + i);
        nodes.add(NodeProcess.start(dir.resolve("node.yaml"), dir.resolve("node.log"), TestChain.JVM));
      }
      List<ChainClient> apis = new ArrayList<>();
      for (ChainLayout.HostNode host : hosts) {
        apis.add(new ChainClient(URI.create("http://127.0.0.1:" + host.apiPort())));
      }
      char[] clientPassword = Files.readString(out.resolve("clients/password")).strip().toCharArray();
      AccountPrivateKey alice = KeyStore.loadAccountFile(out.resolve("clients/client-1.key"), clientPassword);
      AccountPrivateKey bob = KeyStore.loadAccountFile(out.resolve("clients/client-2.key"), clientPassword);
      awaitApi(apis.get(0));
      Views.ReceiptInfo receipt = apis.get(0).submitAndAwait(alice,
          new Payload.Transfer(bob.publicKey().address(), 5), WAIT);

      for (ChainClient api : apis) {
        awaitHeight(api, receipt.height());
        assertEquals(apis.get(0).block(receipt.height()).orElseThrow().hash(),
            api.block(receipt.height()).orElseThrow().hash(), "every node has the transfer's block");
        assertEquals(ChainLayout.CLIENT_FUNDS + 5, api.account(bob.publicKey().address()).balance());
      }
    } finally {
      for (NodeProcess node : nodes) {
        node.stop();
      }
    }
  }

  private static void awaitApi(ChainClient api) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        api.status();
        return;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void awaitHeight(ChainClient api, long height) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (api.status().height() < height) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(api.base() + " is behind height " + height);
      }
      Thread.sleep(100);
    }
  }
}
