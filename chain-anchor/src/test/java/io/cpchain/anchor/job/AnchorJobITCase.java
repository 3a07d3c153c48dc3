package io.cpchain.anchor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.schemas.Bytes;
import io.cpchain.anchor.verify.IntervalVerifier;
import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.anchor.verify.ReceiptVerifier.Outcome;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.QuorumCertificate;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.testing.CountersReporter;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.jobs.testing.RestartingEnvironment;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.storage.ChunkPlacement;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.LocalStorageNodes;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anchor job on a Flink MiniCluster against a real KRaft broker and four real chain node
 * processes: every manifest gets exactly one receipt that verifies against a final block (its
 * certificate checked against the genesis validators), through the chain being unreachable for a while
 * and a job failure, and
 * the chain holds each manifest in exactly one anchored batch. Manifests are synthetic (the job only
 * hashes them as published); each names one real chunk on two real s3proxy storage nodes.
 */
class AnchorJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(CountersReporter.install(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final AtomicInteger RUN = new AtomicInteger();

  @TempDir static Path dir;
  private static KafkaTestBroker kafka;
  private static TestChain chain;
  private static LocalStorageNodes storage;
  private static ChunkPlacement chunk; // every test manifest names this one real chunk

  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);
  private final AvroMessages<AnchorReceipt> receipts = AvroMessages.of(AnchorReceipt.class);
  private final AvroMessages<DeadLetter> deadLetters = AvroMessages.of(DeadLetter.class);
  /** The pipeline node whose signed manifests the job anchors. */
  private static final AccountPrivateKey PIPELINE = AccountPrivateKey.generate();

  @BeforeAll
  static void startServers() throws Exception {
    kafka = new KafkaTestBroker();
    chain = new TestChain(dir.resolve("chain"), 3);
    storage = new LocalStorageNodes(dir.resolve("storage"), 2);
    chunk = new ChunkStore(storage.stores(), 2).put("an encrypted chunk".getBytes(StandardCharsets.UTF_8));
  }

  @AfterAll
  static void stopServers() throws Exception {
    if (chain != null) {
      chain.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    if (storage != null) {
      storage.close();
    }
  }

  @Test
  void everyManifestGetsOneVerifiedReceiptThroughAChainOutageAndTamperingIsCaught() throws Exception {
    // The job knows only node 4: killing it makes the chain unreachable for the job, while the other
    // three keep their quorum (a whole-cluster stop is not survivable by consensus-service yet).
    AnchorJobConfig config = newTopics(1, chain.api(4));
    Map<String, byte[]> published = new HashMap<>();
    JobClient job = start(config, null);
    try {
      publish(config, 0, 40, published);
      assertTrue(kafka.readCommitted(config.receiptsTopic(), 40, TIMEOUT, Duration.ZERO).size() >= 40);
      chain.kill(4);
      try {
        publish(config, 40, 80, published); // batches sealed while the chain is unreachable wait in state
        assertEquals(40, kafka.readCommitted(config.receiptsTopic(), 41, Duration.ofSeconds(4), Duration.ZERO).size(),
            "nothing is anchored while the chain cannot be reached");
      } finally {
        chain.start(4);
      }
      publish(config, 80, 100, published);
      List<AnchorReceipt> got = readReceipts(config, 100);
      assertEveryManifestOnceAndVerified(got, published);
      assertAnchoredOnceOnChain(got, 1);
      assertTamperingIsCaught(got.get(7), published);

      // The job's metrics, as the Web UI shows them, count the same.
      String name = AnchorJob.JOB_NAME;
      assertEquals(100, CountersReporter.sum(name, JobMetrics.RECORDS_IN));
      assertEquals(100, CountersReporter.sum(name, JobMetrics.RECORDS_OUT));
      assertEquals(100, CountersReporter.sum(name, JobMetrics.MANIFESTS_ANCHORED));
      assertEquals(got.stream().map(r -> Hash.of(Bytes.of(r.getBatchRoot()))).distinct().count(),
          CountersReporter.sum(name, JobMetrics.BATCHES_ANCHORED));
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Attack: manifests no trusted pipeline node signed (no signature, a stranger's key, a genuine one
   * altered after signing) written straight to the manifests topic. They must not be anchored: each is
   * a BAD_SIGNATURE dead letter, while the genuine manifests around them are anchored as ever.
   */
  @Test
  void aManifestNoTrustedNodeSignedIsDeadLetteredNotAnchored() throws Exception {
    AnchorJobConfig config = newTopics(3, chain.api(2));
    Map<String, byte[]> published = new HashMap<>();
    Set<String> forged = new HashSet<>();
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    String name = AnchorJob.JOB_NAME + "-forged";
    JobClient job = start(config, null, name);
    try {
      for (int i = 0; i < 30; i++) {
        IntervalManifest manifest = manifest(config, i);
        IntervalManifest sent = switch (i % 4) {
          case 0 -> IntervalManifest.newBuilder(manifest).setSignerAddress(PIPELINE.publicKey().address().toHex())
              .setSignature(ByteBuffer.wrap(new byte[65])).build(); // no signature, the trusted node named
          case 1 -> sign(manifest, stranger); // a well-formed signature by a key nobody trusts
          case 2 -> IntervalManifest.newBuilder(sign(manifest, PIPELINE)).setReadingCount(11).build(); // altered
          default -> sign(manifest, PIPELINE);
        };
        byte[] encoded = manifests.encode(sent);
        String hash = HexFormat.of().formatHex(ManifestRef.hashOf(encoded));
        if (i % 4 == 3) {
          published.put(hash, encoded);
        } else {
          forged.add(hash);
        }
        kafka.send(config.manifestsTopic(), manifest.getDeviceId(), encoded);
      }
      List<AnchorReceipt> got = readReceipts(config, published.size());
      assertEveryManifestOnceAndVerified(got, published);
      assertAnchoredOnceOnChain(got, 3);

      List<byte[]> dead = kafka.readCommitted(config.deadLetterTopic(), forged.size(), TIMEOUT, QUIET);
      assertEquals(forged.size(), dead.size(), "dead letters");
      Set<String> deadHashes = new HashSet<>();
      for (byte[] value : dead) {
        DeadLetter letter = deadLetters.decode(value);
        assertEquals(RejectReason.BAD_SIGNATURE, letter.getReason(), letter.getDetail());
        assertEquals(config.manifestsTopic(), letter.getSourceTopic());
        deadHashes.add(HexFormat.of().formatHex(ManifestRef.hashOf(Bytes.of(letter.getOriginalBytes()))));
      }
      assertEquals(forged, deadHashes, "each forged manifest is one dead letter, whole");
      assertEquals(forged.size(), CountersReporter.sum(name,
          JobMetrics.REASON + "." + RejectReason.BAD_SIGNATURE + "." + JobMetrics.DEAD_LETTERS));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aJobFailureNeitherLosesNorDoublesAnAnchor() throws Exception {
    AnchorJobConfig config = newTopics(2, chain.api(1) + "," + chain.api(2));
    Map<String, byte[]> published = new HashMap<>();
    JobClient job = start(config, new FailOnceAfterCheckpoint<>(50));
    try {
      publish(config, 0, 40, published);
      kafka.readCommitted(config.receiptsTopic(), 1, TIMEOUT, Duration.ZERO); // a checkpoint completed
      publish(config, 40, 120, published);
      List<AnchorReceipt> got = readReceipts(config, 120);
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job must have failed and restarted");
      assertEveryManifestOnceAndVerified(got, published);
      assertAnchoredOnceOnChain(got, 2);
    } finally {
      job.cancel().get();
    }
  }

  private void assertEveryManifestOnceAndVerified(List<AnchorReceipt> got, Map<String, byte[]> published)
      throws Exception {
    IntervalVerifier verifier = new IntervalVerifier(
        new ReceiptVerifier(ReceiptVerifier.from(chain.client(3)), chain.validators()), storage.stores());
    Set<String> seen = new HashSet<>();
    for (AnchorReceipt receipt : got) {
      String hash = hex(receipt.getManifestHash());
      assertTrue(seen.add(hash), "one receipt per manifest: " + hash);
      byte[] manifest = published.get(hash);
      assertTrue(manifest != null, "a receipt for a manifest that was published");
      ReceiptVerifier.Verdict verdict = verifier.verify(manifest, Optional.of(receipt));
      assertTrue(verdict.verified(), verdict.toString());
    }
    assertEquals(published.keySet(), seen, "every manifest has a receipt");
  }

  /** The submitter's successful anchors are exactly the receipts' batches: no manifest in two of them. */
  private void assertAnchoredOnceOnChain(List<AnchorReceipt> got, int submitter) throws Exception {
    Map<Hash, Long> receiptBatches = new HashMap<>();
    got.forEach(r -> receiptBatches.put(Hash.of(Bytes.of(r.getBatchRoot())), r.getLeafCount()));
    String address = key(submitter).publicKey().address().toHex();
    ChainClient node = chain.client(1);
    Map<Hash, Long> anchored = new HashMap<>();
    long height = node.status().height();
    for (long h = 1; h <= height; h++) {
      CommittedBlock block = ChainClient.decode(node.block(h).orElseThrow());
      for (Transaction tx : block.block().txs()) {
        if (tx.payload() instanceof Payload.Anchor anchor && tx.sender().toHex().equals(address)
            && "OK".equals(node.receipt(tx.hash()).orElseThrow().status())) {
          assertTrue(anchored.put(anchor.merkleRoot(), anchor.itemCount()) == null, "a root anchored twice");
        }
      }
    }
    assertEquals(receiptBatches, anchored, "anchored batches and the batches of the receipts");
    assertEquals(got.size(), anchored.values().stream().mapToLong(Long::longValue).sum(),
        "as many manifests anchored as there are receipts");
  }

  private void assertTamperingIsCaught(AnchorReceipt receipt, Map<String, byte[]> published) throws Exception {
    ChainClient node = chain.client(2);
    ReceiptVerifier verifier = new ReceiptVerifier(ReceiptVerifier.from(node), chain.validators());
    byte[] manifest = published.get(hex(receipt.getManifestHash()));

    byte[] altered = manifest.clone();
    altered[altered.length - 1] ^= 1;
    assertEquals(Outcome.MANIFEST_ALTERED, verifier.verify(altered, receipt).outcome());

    AnchorReceipt wrongLeaf = AnchorReceipt.newBuilder(receipt).setLeafIndex(receipt.getLeafIndex() + 1).build();
    assertEquals(Outcome.PROOF_WRONG, verifier.verify(manifest, wrongLeaf).outcome());

    long other = receipt.getBlockHeight() + 1;
    AnchorReceipt otherBlock = AnchorReceipt.newBuilder(receipt).setBlockHeight(other)
        .setBlockHash(ByteBuffer.wrap(Hash.fromHex(node.block(other).orElseThrow().hash()).toBytes())).build();
    assertEquals(Outcome.MISSING_ON_CHAIN, verifier.verify(manifest, otherBlock).outcome(),
        "a receipt pointing at a real block that holds no such anchor");
    AnchorReceipt wrongHash = AnchorReceipt.newBuilder(receipt)
        .setBlockHash(ByteBuffer.wrap(Hash.keccak("another block".getBytes()).toBytes())).build();
    assertEquals(Outcome.WRONG_BLOCK, verifier.verify(manifest, wrongHash).outcome());
    AnchorReceipt beyond = AnchorReceipt.newBuilder(receipt).setBlockHeight(1_000_000).build();
    assertEquals(Outcome.MISSING_ON_CHAIN, verifier.verify(manifest, beyond).outcome());

    // A forged block: the real one with its certificate signed by keys that are not the validators'.
    CommittedBlock real = ChainClient.decode(node.block(receipt.getBlockHeight()).orElseThrow());
    QuorumCertificate qc = real.qc();
    byte[] vote = Vote.signedBytes(Vote.VoteType.PRECOMMIT, qc.chainId(), qc.height(), qc.round(), qc.blockHash());
    List<io.cpchain.crypto.sign.RecoverableSignature> forged = new ArrayList<>();
    for (int i = 0; i < qc.signatures().size(); i++) {
      forged.add(AccountPrivateKey.generate().sign(vote));
    }
    CommittedBlock forgery = new CommittedBlock(real.block(),
        new QuorumCertificate(qc.chainId(), qc.height(), qc.round(), qc.blockHash(), forged));
    ReceiptVerifier fooled = new ReceiptVerifier(height -> Optional.of(forgery), chain.validators());
    assertEquals(Outcome.CERTIFICATE_INVALID, fooled.verify(manifest, receipt).outcome());
    assertTrue(new ReceiptVerifier(height -> Optional.of(real), chain.validators()).verify(manifest, receipt).verified(),
        "the same block with its real certificate verifies");

    // An altered chunk copy on one storage node, and a manifest with no receipt.
    IntervalVerifier intervals = new IntervalVerifier(verifier, storage.stores());
    assertEquals(Outcome.MISSING_ON_CHAIN, intervals.verify(manifest, Optional.empty()).outcome());
    Path copy = storage.fileOf(storage.indexOf(chunk.nodeIds().get(1)), chunk.chunk());
    byte[] original = Files.readAllBytes(copy);
    byte[] flipped = original.clone();
    flipped[0] ^= 1;
    Files.write(copy, flipped);
    try {
      assertEquals(Outcome.CHUNK_ALTERED, intervals.verify(manifest, Optional.of(receipt)).outcome());
    } finally {
      Files.write(copy, original);
    }
    assertTrue(intervals.verify(manifest, Optional.of(receipt)).verified());
  }

  private List<AnchorReceipt> readReceipts(AnchorJobConfig config, int expected) throws Exception {
    List<AnchorReceipt> out = new ArrayList<>();
    for (byte[] value : kafka.readCommitted(config.receiptsTopic(), expected, TIMEOUT, QUIET)) {
      out.add(receipts.decode(value));
    }
    assertEquals(expected, out.size(), "receipts");
    return out;
  }

  /** Manifests as the pipeline node publishes them: signed by its key. */
  private void publish(AnchorJobConfig config, int from, int to, Map<String, byte[]> published) throws Exception {
    for (int i = from; i < to; i++) {
      IntervalManifest manifest = sign(manifest(config, i), PIPELINE);
      byte[] encoded = manifests.encode(manifest);
      published.put(HexFormat.of().formatHex(ManifestRef.hashOf(encoded)), encoded);
      kafka.send(config.manifestsTopic(), manifest.getDeviceId(), encoded);
    }
  }

  /** A synthetic manifest, unsigned, naming the one real chunk. */
  private static IntervalManifest manifest(AnchorJobConfig config, int i) {
    String device = "veh-" + (i % 5);
    byte[] fill = ("m" + config.manifestsTopic() + i).getBytes(StandardCharsets.UTF_8);
    return IntervalManifest.newBuilder()
        .setDeviceId(device).setOwnerId("owner-a")
        .setIntervalStartMs(60_000L * i).setIntervalEndMs(60_000L * (i + 1))
        .setReadingCount(10).setReadingsMerkleRoot(ByteBuffer.wrap(ManifestRef.hashOf(fill)))
        .setPlaintextBytes(1_000).setCipherSuite("synthetic")
        .setCapsule(ByteBuffer.wrap(fill)).setCipherHeader(ByteBuffer.wrap(fill))
        .setChunks(List.of(new ChunkRef(chunk.chunk().hex(), 18, chunk.nodeIds())))
        .setSignerAddress("0x0000000000000000000000000000000000000000")
        .setSignature(ByteBuffer.allocate(0))
        .build();
  }

  /** Signed as the encrypt job's IntervalWriter signs: the signer's address, then its signature. */
  private IntervalManifest sign(IntervalManifest unsigned, AccountPrivateKey key) {
    IntervalManifest named = IntervalManifest.newBuilder(unsigned).setSignerAddress(key.publicKey().address().toHex())
        .setSignature(ByteBuffer.allocate(0)).build();
    byte[] signature = key.sign(SignedRecords.messageToSign(named, manifests)).toBytes();
    return IntervalManifest.newBuilder(named).setSignature(ByteBuffer.wrap(signature)).build();
  }

  private AnchorJobConfig newTopics(int submitter, String chainNodes) throws Exception {
    String run = "anchor" + RUN.incrementAndGet();
    AnchorJobConfig config = AnchorJobConfig.fromArgs(
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--manifests-topic", run + ".manifests", "--receipts-topic", run + ".receipts",
        "--dead-letter-topic", run + ".dlq", "--trusted-signers", PIPELINE.publicKey().address().toHex(),
        "--group-id", run, "--transactional-id-prefix", run,
        "--checkpoint-interval", "500ms", "--upload-interval", "1s", "--max-batch", "16",
        "--chain-nodes", chainNodes, "--poll-interval", "50ms", "--retry-min", "100ms", "--retry-max", "1s",
        "--submitter-key-file", chain.clientKey(submitter).toString(),
        "--submitter-key-password-file", chain.password().toString());
    kafka.createTopic(config.manifestsTopic(), 2, Map.of());
    kafka.createTopic(config.receiptsTopic(), 1, Map.of());
    kafka.createTopic(config.deadLetterTopic(), 1, Map.of());
    return config;
  }

  private static JobClient start(AnchorJobConfig config, FailOnceAfterCheckpoint<ManifestRef> failure)
      throws Exception {
    return start(config, failure, AnchorJob.JOB_NAME);
  }

  private static JobClient start(AnchorJobConfig config, FailOnceAfterCheckpoint<ManifestRef> failure, String name)
      throws Exception {
    StreamExecutionEnvironment env = RestartingEnvironment.create(AnchorJob.jobConfiguration(), 1,
        config.checkpointInterval());
    AnchorJob.Manifests manifests = AnchorJob.readManifests(env, config);
    AnchorJob.writeDeadLetters(manifests.deadLetters(), config);
    DataStream<ManifestRef> in = manifests.verified();
    if (failure != null) {
      in = in.map(failure, TypeInformation.of(ManifestRef.class));
    }
    AnchorJob.writeReceipts(AnchorJob.pipeline(in, config), config);
    return env.executeAsync(name);
  }

  private static AccountPrivateKey key(int client) throws Exception {
    return KeyStore.loadAccountFile(chain.clientKey(client), PasswordFile.read(chain.password()));
  }

  private static String hex(ByteBuffer buffer) {
    return HexFormat.of().formatHex(Bytes.of(buffer));
  }
}
