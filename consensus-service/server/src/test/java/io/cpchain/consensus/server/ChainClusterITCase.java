package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.SharingFixture;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.io.Closeable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Four node processes over loopback sockets: a stream of transactions, then a kill -9 and a restart. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainClusterITCase {

  @TempDir
  static Path dir;
  static LocalCluster cluster;
  static AccountPrivateKey alice;
  static AccountPrivateKey bob;
  static long aliceNonce;

  @BeforeAll
  static void start() throws Exception {
    cluster = new LocalCluster(dir, Map.of());
    alice = cluster.layout.client(1);
    bob = cluster.layout.client(2);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<Transaction> batch(int count) {
    List<Transaction> txs = new ArrayList<>();
    Address bobAddress = bob.publicKey().address();
    for (int i = 0; i < count; i++) {
      long nonce = aliceNonce++;
      Payload payload = switch ((int) (nonce % 3)) {
        case 0 -> new Payload.Transfer(bobAddress, 1);
        case 1 -> new Payload.Anchor("fleet", Hash.keccak(("root-" + nonce).getBytes()), 100, nonce, nonce);
        default -> Payload.Grant.consent("fleet-" + nonce, bobAddress);
      };
      txs.add(Transaction.sign(alice, cluster.genesis.chainId(), nonce, payload));
    }
    return txs;
  }

  @Test
  @Order(1)
  void fourNodesCommitAStreamAndEndWithTheSameChainAndState() throws Exception {
    List<Views.BlockInfo> streamed = new CopyOnWriteArrayList<>();
    try (Closeable stream = cluster.client(2).stream(1, streamed::add)) {
      // alice becomes an RNode; her anchors below then raise her reputation
      Transaction register = Transaction.sign(alice, cluster.genesis.chainId(), aliceNonce++,
          new Payload.RegisterRNode(1_000));
      cluster.client(1).submit(register);
      cluster.client(1).awaitReceipt(register.hash(), Duration.ofSeconds(30));
      long rptAtAdmission = cluster.client(1).account(alice.publicKey().address()).reputation();
      List<Transaction> all = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        List<Transaction> txs = batch(75);
        all.addAll(txs);
        List<Views.SubmitResult> results = cluster.client(1 + round).submit(txs); // spread over all nodes
        assertTrue(results.stream().allMatch(Views.SubmitResult::accepted), results.toString());
      }
      Views.ReceiptInfo last = cluster.client(3).awaitReceipt(all.get(all.size() - 1).hash(), Duration.ofSeconds(60));
      for (Transaction tx : all) {
        Views.ReceiptInfo receipt = cluster.client(4).awaitReceipt(tx.hash(), Duration.ofSeconds(30));
        assertEquals("OK", receipt.status(), receipt.toString());
      }
      long height = last.height();
      for (int i = 1; i <= 4; i++) {
        cluster.awaitHeight(i, height, 30_000);
      }
      cluster.assertSameChain(height, 1, 2, 3, 4);

      // the anchor is found by its submitter and Merkle root, the account has moved on
      Hash root = Hash.keccak("root-1".getBytes());
      Views.AnchorInfo anchor = cluster.client(4).anchor(alice.publicKey().address(), root).orElseThrow();
      assertEquals(alice.publicKey().address().toHex(), anchor.submitter());
      Views.AccountInfo aliceNow = cluster.client(2).account(alice.publicKey().address());
      assertEquals(aliceNonce, aliceNow.nonce());
      assertEquals(1_000L, aliceNow.deposit());
      assertTrue(aliceNow.reputation() > rptAtAdmission, "anchors raised alice's RPT: "
          + rptAtAdmission + " -> " + aliceNow.reputation());

      // a replay of a final transaction and malformed bytes are refused with a reason
      Views.SubmitResult replay = cluster.client(2).submit(List.of(all.get(0))).get(0);
      assertFalse(replay.accepted());
      assertTrue(replay.error().contains("replay"), replay.error());
      Views.SubmitResult junk = cluster.client(2).submitEncoded(List.of("0102")).get(0);
      assertTrue(junk.error().startsWith("malformed transaction"), junk.error());

      // the stream delivered every final block in order
      long deadline = System.currentTimeMillis() + 10_000;
      while (streamed.size() < height && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(streamed.size() >= height, "streamed " + streamed.size() + " of " + height);
      for (int i = 0; i < height; i++) {
        assertEquals(i + 1, streamed.get(i).height());
        assertEquals(cluster.client(1).block(i + 1).orElseThrow().hash(), streamed.get(i).hash());
      }
    }
  }

  @Test
  @Order(2)
  void aProvenProxyFaultIsOnEveryNodeAndInTheProxysAccount() throws Exception {
    long chainId = cluster.genesis.chainId();
    SharingFixture sharing = new SharingFixture(alice, chainId, aliceNonce++, List.of(bob));
    Transaction fault = sharing.fault(alice, aliceNonce++, sharing.corrupted(0, 100), bob);
    cluster.client(1).submit(List.of(sharing.grant, fault));
    Views.ReceiptInfo receipt = cluster.client(2).awaitReceipt(fault.hash(), Duration.ofSeconds(30));
    assertEquals("OK", receipt.status(), receipt.toString());
    for (int i = 1; i <= 4; i++) {
      cluster.awaitHeight(i, receipt.height(), 30_000);
    }
    cluster.assertSameChain(receipt.height(), 1, 2, 3, 4);
    Address proxy = bob.publicKey().address();
    List<Views.FaultInfo> faults = cluster.client(3).faults(proxy);
    assertEquals(1, faults.size());
    assertEquals(new Views.FaultInfo(sharing.grant.hash().toHex(), 100, proxy.toHex(),
        "cfrag's proof of correct re-encryption does not hold", receipt.height(), fault.hash().toHex()), faults.get(0));
    assertEquals(1, cluster.client(4).account(proxy).faults());
    assertEquals(0, cluster.client(4).account(alice.publicKey().address()).faults());
    assertEquals(List.of(), cluster.client(4).faults(alice.publicKey().address()));
  }

  @Test
  @Order(3)
  void aDeviceBelongsToTheOwnerThatRegisteredItOnEveryNode() throws Exception {
    long chainId = cluster.genesis.chainId();
    Address owner = alice.publicKey().address();
    Address stranger = bob.publicKey().address();
    UmbralPublicKey rootKey = UmbralSecretKey.generate().publicKey();
    Ed25519PublicKey deviceKey = Ed25519PrivateKey.generate().publicKey();
    long bobNonce = cluster.client(1).account(stranger).nonce();
    Transaction registered = Transaction.sign(alice, chainId, aliceNonce + 1, new Payload.RegisterDevice("it-veh-1",
        deviceKey, 1_000, 0));
    cluster.client(1).submit(List.of(
        Transaction.sign(alice, chainId, aliceNonce, new Payload.RegisterOwner(rootKey, 0)), registered,
        Transaction.sign(bob, chainId, bobNonce, new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(),
            0))));
    aliceNonce += 2;
    assertEquals("OK", cluster.client(1).awaitReceipt(registered.hash(), Duration.ofSeconds(30)).status());
    Transaction takeover = Transaction.sign(bob, chainId, bobNonce + 1, new Payload.RegisterDevice("it-veh-1",
        Ed25519PrivateKey.generate().publicKey(), 1_000, 0));
    cluster.client(2).submit(takeover);
    Views.ReceiptInfo refused = cluster.client(2).awaitReceipt(takeover.hash(), Duration.ofSeconds(30));
    assertEquals("FAILED", refused.status());
    assertEquals("device it-veh-1 belongs to owner " + owner + "; only its owner may register its keys",
        refused.reason());
    for (int i = 1; i <= 4; i++) {
      cluster.awaitHeight(i, refused.height(), 30_000);
    }
    cluster.assertSameChain(refused.height(), 1, 2, 3, 4);
    Views.DeviceInfo device = cluster.client(3).device("it-veh-1").orElseThrow();
    assertEquals(owner.toHex(), device.owner());
    assertEquals(List.of("0x" + HexFormat.of().formatHex(deviceKey.toBytes())),
        device.keys().stream().map(Views.DeviceKeyInfo::publicKey).toList());
    assertEquals(deviceKey.keyId(), device.keys().get(0).keyId());
    assertEquals("0x" + HexFormat.of().formatHex(rootKey.toBytes()),
        cluster.client(4).owner(owner).orElseThrow().keys().get(0).rootKey());
    assertTrue(cluster.client(4).device("it-veh-2").isEmpty());
    assertTrue(cluster.client(4).owner(AccountPrivateKey.generate().publicKey().address()).isEmpty());
  }

  @Test
  @Order(4)
  void aFollowerHandsOutEveryFinalBlockOnceVerifiedAgainstTheGenesisValidators() throws Exception {
    long height = cluster.client(1).status().height();
    BlockFollower follower = BlockFollower.of(cluster.client(3), cluster.genesis.validatorSet(),
        BlockFollower.Position.start(1));
    List<CommittedBlock> followed = new ArrayList<>();
    while (followed.size() < height) {
      followed.add(follower.next(Duration.ofSeconds(30), Duration.ofMillis(20)));
    }
    for (int i = 0; i < height; i++) {
      assertEquals(i + 1, followed.get(i).block().height());
      assertEquals(cluster.client(1).block(i + 1).orElseThrow().hash(), followed.get(i).block().hash().toHex());
    }
    assertTrue(followed.stream().flatMap(b -> b.block().txs().stream()).anyMatch(tx -> tx.payload()
        instanceof Payload.RegisterDevice d && d.deviceId().equals("it-veh-1")), "the registration is in a block");
    assertEquals(new BlockFollower.Position(height + 1, followed.get((int) height - 1).block().hash()),
        follower.position());

    // the registrations the chain accepted: the owner's device, not the stranger's takeover in a later block
    RegistrationFollower registrations = RegistrationFollower.of(cluster.client(4), cluster.genesis.validatorSet());
    List<Transaction> accepted = new ArrayList<>();
    for (long h = 1; h <= height; h++) {
      accepted.addAll(registrations.poll().orElseThrow().accepted());
    }
    List<Transaction> registeredDevices = followed.stream().flatMap(b -> b.block().txs().stream())
        .filter(tx -> tx.payload() instanceof Payload.RegisterDevice).toList();
    assertEquals(2, registeredDevices.size(), "the owner's registration and the stranger's are both in blocks");
    assertEquals(List.of(registeredDevices.get(0)), accepted.stream()
        .filter(tx -> tx.payload() instanceof Payload.RegisterDevice).toList());
    assertEquals(alice.publicKey().address(), registrations.identities().device("it-veh-1").orElseThrow().owner());

    // the head is the newest final block as one snapshot; a client bounded in answer size refuses a longer answer
    Views.Head head = cluster.client(3).head();
    Views.BlockInfo newest = cluster.client(3).block(head.height()).orElseThrow();
    assertEquals(newest.hash(), head.hash());
    assertEquals(newest.timestampMs(), head.timestampMs());
    // a head is ~110 bytes, a block with its certificate some KB
    ChainClient small = new ChainClient(cluster.client(3).base(), Duration.ofSeconds(5), 256);
    UncheckedIOException tooLong = assertThrows(UncheckedIOException.class, () -> small.block(1));
    assertTrue(tooLong.getMessage().contains("answered more than 256 bytes to /v1/blocks/1"), tooLong.getMessage());
    assertTrue(small.head().height() >= head.height(), "a short answer is read");

    ValidatorSet strangers = new ValidatorSet(cluster.genesis.chainId(), List.of(alice.publicKey().address(),
        bob.publicKey().address()));
    BlockFollower misled = BlockFollower.of(cluster.client(3), strangers, BlockFollower.Position.start(1));
    assertThrows(BlockFollower.UnverifiedBlockException.class, misled::poll,
        "the chain's certificates are not those validators'");
  }

  @Test
  @Order(5)
  void aKilledNodeLetsTheOthersGoOnAndCatchesUpWhenRestarted() throws Exception {
    String node4 = cluster.client(4).status().node();
    long rptBefore = cluster.client(1).status().reputation().get(node4);
    cluster.kill(4); // kill -9 node 4
    long before = cluster.client(1).status().height();
    List<Transaction> txs = batch(60);
    assertTrue(cluster.client(1).submit(txs).stream().allMatch(Views.SubmitResult::accepted));
    Views.ReceiptInfo last = cluster.client(2).awaitReceipt(txs.get(txs.size() - 1).hash(), Duration.ofSeconds(60));
    assertTrue(last.height() > before, "three of four nodes keep committing");
    cluster.awaitHeight(1, before + 6, 60_000); // node 4 owns one slot in every 4 heights: it misses some
    long height = cluster.client(1).status().height();
    long rptAfter = cluster.client(1).status().reputation().get(node4);
    assertTrue(rptAfter < rptBefore, "missed slots lowered node 4's RPT: " + rptBefore + " -> " + rptAfter);

    cluster.start(4);
    cluster.awaitHeight(4, height, 60_000);
    cluster.assertSameChain(height, 1, 2, 3, 4);
    assertEquals("OK", cluster.client(4).receipt(txs.get(0).hash()).orElseThrow().status());
  }
}
