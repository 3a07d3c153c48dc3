package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.yaml and genesis.yaml: read back what was written; every mistake is one line naming the key. */
class NodeConfigTest {

  @TempDir
  Path dir;

  final Address peer = AccountPrivateKey.generate().publicKey().address();

  Path write(String yaml) throws Exception {
    Path file = dir.resolve("node.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  String valid() {
    return "name: n1\nkey: keys/n1.key\nlisten: 127.0.0.1:7000\napi: 127.0.0.1:7100\ndataDir: data\n"
        + "genesis: genesis.yaml\npeers:\n  - address: \"" + peer.toHex() + "\"\n    endpoint: 127.0.0.1:7001\n";
  }

  @Test
  void aValidFileReadsWithDefaultsAndPathsRelativeToIt() throws Exception {
    NodeConfig config = NodeConfig.read(write(valid() + "consensus:\n  voteTimeoutMs: 250\n"));
    assertEquals(dir.resolve("keys/n1.key"), config.keyFile());
    assertEquals(7001, config.peers().get(peer).getPort());
    assertEquals(250, config.consensus().voteTimeoutMs());
    assertEquals(ConsensusConfig.DEFAULT.proposeTimeoutMs(), config.consensus().proposeTimeoutMs());
  }

  @Test
  void mistakesAreOneLineNamingTheKey() throws Exception {
    assertTrue(message(valid() + "colour: red\n").contains("unknown key 'colour'"));
    assertTrue(message(valid().replace("127.0.0.1:7100", "7100")).contains("api '7100' is not host:port"));
    assertTrue(message(valid().replace("key: keys/n1.key\n", "")).contains("'key' is required"));
    assertTrue(message(valid() + "consensus:\n  voteTimeoutMs: soon\n").contains("'voteTimeoutMs' must be a whole"));
    // test doubles are not production config: a lying or lossy node is the test-jar's TestNodeMain
    assertTrue(message(valid() + "byzantine: mixed\n").contains("unknown key 'byzantine'"));
    assertTrue(message(valid() + "faults:\n  drop: 0.1\n").contains("unknown key 'faults'"));
    assertTrue(message(valid().replace(peer.toHex(), "0x1234")).contains("is not an address"));
    for (String bad : List.of(valid() + "colour: red\n", valid().replace("127.0.0.1:7100", "7100"))) {
      assertEquals(1, message(bad).lines().count());
    }
  }

  @Test
  void toYamlWritesWhatReadReads() throws Exception {
    NodeConfig config = NodeConfig.read(write(valid() + "consensus:\n  voteTimeoutMs: 250\n"));
    Path odd = dir.resolve("a dir: #1");
    NodeConfig moved = new NodeConfig(config.name(), odd.resolve("n1.key"), null, config.listen(), config.api(),
        config.dataDir(), config.genesis(), Map.of(peer, new java.net.InetSocketAddress("127.0.0.1", 7555)),
        config.consensus());
    assertEquals(moved, NodeConfig.read(write(moved.toYaml())));
  }

  @Test
  void genesisRoundTripsThroughItsFile() throws Exception {
    Address v = AccountPrivateKey.generate().publicKey().address();
    Genesis genesis = new Genesis(9, List.of(v), Map.of(v, 5L, peer, 7L), Map.of(v, 100L), 12, 3, 1, 50,
        List.of(40, 20, 10, 20, 10), 100);
    Path file = dir.resolve("genesis.yaml");
    GenesisFile.write(file, genesis);
    Genesis back = GenesisFile.read(file);
    assertEquals(genesis, back);
    assertEquals(genesis.hash(), back.hash());
    assertEquals(genesis.validatorSet(), ValidatorSet.readGenesis(file), "what a follower outside the chain reads");
    Files.writeString(file, Files.readString(file).replace("minDeposit: 100", "minDeposit: 1000"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> GenesisFile.read(file)).getMessage()
        .contains("deposit must reach minDeposit"));
  }

  @Test
  void aGenesisWithoutValidatorsGivesAFollowerNothingToVerifyAgainst() throws Exception {
    Path file = dir.resolve("genesis.yaml");
    Files.writeString(file, "chainId: 3\nvalidators: []\n");
    assertEquals(file + ": validators must be distinct and at least one",
        assertThrows(IOException.class, () -> ValidatorSet.readGenesis(file)).getMessage());
    Files.writeString(file, "chainId: 3\n");
    assertEquals(file + " has no chainId number and validators list",
        assertThrows(IOException.class, () -> ValidatorSet.readGenesis(file)).getMessage());
  }

  private String message(String yaml) throws Exception {
    Path file = write(yaml);
    return assertThrows(IllegalArgumentException.class, () -> NodeConfig.read(file)).getMessage();
  }
}
