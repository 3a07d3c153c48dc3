package io.cpchain.jobs.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.jobs.config.JobDefaults;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.RestartingEnvironment;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChainIdentitySource} on a MiniCluster over four real chain nodes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainIdentitySourceITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final Duration FINAL = Duration.ofSeconds(30);

  @TempDir
  static Path dir;
  private static TestChain chain;
  private static ValidatorSet validators;

  @BeforeAll
  static void startChain() throws Exception {
    chain = new TestChain(dir.resolve("chain"), 1);
    validators = ValidatorSet.readGenesis(chain.layout().dir().resolve("genesis.yaml"));
  }

  @AfterAll
  static void stopChain() throws Exception {
    chain.close();
  }

  /**
   * The source starts on a node that is down, is restarted from a checkpoint, and loses the node it
   * reads from: it hands out every registration the chain accepted, once, in height order, and not
   * a stranger's refused takeover.
   */
  @Test
  @Order(1)
  void eachAcceptedRegistrationOnceInOrderThroughDeadNodesAndARestart() throws Exception {
    long chainId = validators.chainId();
    AccountPrivateKey owner = AccountPrivateKey.generate();
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    String ownerHex = owner.publicKey().address().toHex();
    ChainClient node1 = chain.client(1);
    Transaction takeover = Transaction.sign(stranger, chainId, 1,
        new Payload.RegisterDevice("src-1", Ed25519PrivateKey.generate().publicKey(), 0, 0));
    node1.submit(List.of(
        Transaction.sign(owner, chainId, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0)),
        Transaction.sign(owner, chainId, 1, new Payload.RegisterDevice("src-1",
            Ed25519PrivateKey.generate().publicKey(), 1_000, 0)),
        Transaction.sign(stranger, chainId, 0, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0))));
    node1.awaitReceipt(node1.submit(takeover), FINAL);

    ChainIdentitySource.Settings settings = ChainIdentitySource.Settings.of(
        List.of(deadNode(), chain.layout().api(1), chain.layout().api(2)), validators, Duration.ofSeconds(2),
        1 << 20, 2, Duration.ofMillis(50), Duration.ofMillis(400));
    ChainIdentityEvents<String> events = (block, after) -> block.accepted().stream()
        .map(tx -> tx.payload().getClass().getSimpleName() + " " + tx.sender().toHex() + " "
            + (tx.payload() instanceof Payload.RegisterDevice d ? d.deviceId() + " owned by "
            + after.device(d.deviceId()).orElseThrow().owner().toHex() : "")).toList();
    StreamExecutionEnvironment env = RestartingEnvironment.create(JobDefaults.configuration(), 1,
        Duration.ofMillis(200));
    var stream = env.fromSource(new ChainIdentitySource<>(settings, events, Types.STRING),
            WatermarkStrategy.noWatermarks(), "chain identities").setParallelism(1)
        .map(new FailOnceAfterCheckpoint<>(2)).returns(String.class);

    List<String> seen = new ArrayList<>();
    try (CloseableIterator<String> out = stream.executeAndCollect("chain-identity-source-it")) {
      take(out, seen, 3);
      // A live registration after a checkpoint: the job fails at it and goes on from the checkpoint.
      node1.awaitReceipt(node1.submit(Transaction.sign(owner, chainId, 2, new Payload.RegisterDevice("src-2",
          Ed25519PrivateKey.generate().publicKey(), 1_000, 0))), FINAL);
      take(out, seen, 4);
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job must have failed and restarted");
      chain.kill(1);
      ChainClient node3 = chain.client(3);
      node3.awaitReceipt(node3.submit(Transaction.sign(owner, chainId, 3, new Payload.RetireDevice("src-1"))), FINAL);
      take(out, seen, 5);
    }
    String strangerHex = stranger.publicKey().address().toHex();
    assertEquals(List.of("RegisterOwner " + ownerHex + " ", "RegisterDevice " + ownerHex + " src-1 owned by " + ownerHex,
        "RegisterOwner " + strangerHex + " ", "RegisterDevice " + ownerHex + " src-2 owned by " + ownerHex,
        "RetireDevice " + ownerHex + " "), seen);
  }

  /**
   * The reader says that it has caught up with the chain once, after the records of every block
   * final when it started; a later block's records come after it, with no second word. After the
   * test above, which expects every identity transaction on the chain and stops node 1.
   */
  @Test
  @Order(2)
  void saysOnceThatItHasCaughtUpAfterEveryBlockFinalWhenItStarted() throws Exception {
    long chainId = validators.chainId();
    AccountPrivateKey owner = AccountPrivateKey.generate();
    String ownerHex = owner.publicKey().address().toHex();
    ChainClient node3 = chain.client(3);
    long finalBefore = node3.awaitReceipt(node3.submit(Transaction.sign(owner, chainId, 0,
        new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0))), FINAL).height();

    ChainIdentitySource.Settings settings = ChainIdentitySource.Settings.of(List.of(chain.layout().api(3)),
        validators, Duration.ofSeconds(2), 1 << 20, 2, Duration.ofMillis(50), Duration.ofMillis(400));
    StreamExecutionEnvironment env = RestartingEnvironment.create(JobDefaults.configuration(), 1,
        Duration.ofMillis(200));
    var stream = env.fromSource(new ChainIdentitySource<>(settings, new SendersAndCatchUp(), Types.STRING),
        WatermarkStrategy.noWatermarks(), "chain identities").setParallelism(1);
    try (CloseableIterator<String> out = stream.executeAndCollect("chain-identity-source-caught-up-it")) {
      List<String> before = new ArrayList<>();
      for (String next = out.next(); !next.startsWith("caught up at "); next = out.next()) {
        before.add(next);
      }
      assertTrue(before.contains("block " + finalBefore + " " + ownerHex), "records before the word: " + before);
      long later = node3.awaitReceipt(node3.submit(Transaction.sign(owner, chainId, 1, new Payload.RegisterDevice(
          "src-caught-up", Ed25519PrivateKey.generate().publicKey(), 1_000, 0))), FINAL).height();
      assertEquals("block " + later + " " + ownerHex, out.next());
    }
  }

  /** Each accepted transaction's block and sender, and the word that the reader has caught up. */
  private static final class SendersAndCatchUp implements ChainIdentityEvents<String> {
    @Override
    public List<String> of(RegistrationFollower.Registrations block, Identities after) {
      return block.accepted().stream().map(tx -> "block " + block.height() + " " + tx.sender().toHex()).toList();
    }

    @Override
    public List<String> caughtUp(long height) {
      return List.of("caught up at " + height);
    }
  }

  private static void take(CloseableIterator<String> out, List<String> seen, int until) {
    while (seen.size() < until) {
      seen.add(out.next());
    }
  }

  /** A loopback port nothing listens on. */
  private static URI deadNode() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + probe.getLocalPort());
    }
  }
}
