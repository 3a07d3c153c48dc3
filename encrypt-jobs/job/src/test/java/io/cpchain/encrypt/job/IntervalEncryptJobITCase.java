package io.cpchain.encrypt.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.encrypt.TestReadings;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.encrypt.interval.IntervalReadException;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.source.Decoded;
import io.cpchain.jobs.testing.CountersReporter;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.jobs.testing.RestartingEnvironment;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.LocalStorageNodes;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.StorageNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
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
 * The encrypt job on a Flink MiniCluster against a real KRaft broker, four real s3proxy storage
 * nodes and four real chain nodes, where the owners and their devices are registered: every valid
 * reading comes back exactly once in its interval, through a failure, a storage node going down and
 * an owner's epoch keys that come late (after forged ones, which are dead letters), and a stranger's
 * certificates for an owner's devices open nothing.
 */
class IntervalEncryptJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(CountersReporter.install(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  /**
   * Where the test's event time starts: a multiple of the interval, so windows start here, and recent,
   * because Kafka deletes records older than its retention and refuses those over an hour ahead.
   */
  private static final long T0 = System.currentTimeMillis() / 60_000 * 60_000 - Duration.ofHours(3).toMillis();
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final int READINGS_PER_DEVICE = 150; // 200 ms apart: 3 intervals
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration QUIET = Duration.ofSeconds(4);
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final Duration FINAL = Duration.ofSeconds(30);
  private static final AccountPrivateKey ACCOUNT_A = AccountPrivateKey.generate();
  private static final AccountPrivateKey ACCOUNT_B = AccountPrivateKey.generate();
  private static final AccountPrivateKey STRANGER_ACCOUNT = AccountPrivateKey.generate();
  /** The owners' ids: their chain addresses, as the ingest job gives them to readings. */
  private static final String OWNER_A = ACCOUNT_A.publicKey().address().toHex();
  private static final String OWNER_B = ACCOUNT_B.publicKey().address().toHex();
  private static final UmbralSecretKey ownerA = UmbralSecretKey.generate();
  private static final UmbralSecretKey ownerB = UmbralSecretKey.generate();
  /** The stranger's own root key, registered on the chain under the stranger's own account. */
  private static final UmbralSecretKey STRANGER = UmbralSecretKey.generate();

  @TempDir static Path dir;
  private static KafkaTestBroker kafka;
  private static LocalStorageNodes storage;
  private static ChunkStore store;
  private static Path signingKey;
  private static Path signingKeyPassword;
  private static Address pipelineNode;
  private static TestChain chain;
  private static Path genesis;

  private final AvroMessages<ValidReading> readingMessages = AvroMessages.of(ValidReading.class);
  private final AvroMessages<IntervalManifest> manifestMessages = AvroMessages.of(IntervalManifest.class);
  private final AvroMessages<EpochKey> epochKeyMessages = AvroMessages.of(EpochKey.class);
  private final AvroMessages<DeadLetter> deadLetterMessages = AvroMessages.of(DeadLetter.class);

  @BeforeAll
  static void startServers() throws Exception {
    kafka = new KafkaTestBroker();
    storage = new LocalStorageNodes(dir.resolve("storage"), 4);
    store = new ChunkStore(storage.stores(), 2);
    char[] password = "pipeline-node-test-password".toCharArray();
    KeyStore keys = new KeyStore(dir.resolve("keys"), new KeyFile.ScryptParams(1 << 10, 8, 1));
    keys.create("pipeline-node", KeyKind.SECP256K1, password);
    signingKey = dir.resolve("keys/pipeline-node.key");
    signingKeyPassword = dir.resolve("keys/pipeline-node.password");
    Files.writeString(signingKeyPassword, new String(password) + "\n");
    pipelineNode = Address.fromHex(keys.describe("pipeline-node").id());
    chain = new TestChain(dir.resolve("chain"), 1);
    genesis = chain.layout().dir().resolve("genesis.yaml");
    register(ACCOUNT_A, ownerA, "veh-a1", "veh-a2", "veh-k1", "veh-f1", "veh-f2", "veh-s1", "veh-s2", "veh-v1",
        "veh-v2");
    register(ACCOUNT_B, ownerB, "veh-b1");
    register(STRANGER_ACCOUNT, STRANGER);
  }

  /** The owner and its devices on the chain, final. */
  private static void register(AccountPrivateKey account, UmbralSecretKey rootKey, String... devices) throws Exception {
    long chainId = chain.validators().chainId();
    long nonce = 0;
    Transaction last = Transaction.sign(account, chainId, nonce++, new Payload.RegisterOwner(rootKey.publicKey(), 0));
    chain.client(1).submit(last);
    for (String device : devices) {
      last = Transaction.sign(account, chainId, nonce++,
          new Payload.RegisterDevice(device, Ed25519PrivateKey.generate().publicKey(), 0, 0));
      chain.client(1).submit(last);
    }
    assertEquals("OK", chain.client(1).awaitReceipt(last.hash(), FINAL).status());
  }

  @AfterAll
  static void stopServers() throws Exception {
    storage.close();
    kafka.close();
    chain.close();
  }

  @Test
  void everyReadingComesBackOnceInItsIntervalAndAnIntervalWaitsForItsOwnersEpochKey() throws Exception {
    EncryptJobConfig config = newTopics();
    publishEpochKeys(config, OWNER_A, ownerA, "veh-a1", "veh-a2");
    // Certificates for owner b that the job must refuse: signed by another key, and for 1 h epochs
    UmbralSecretKey forger = UmbralSecretKey.generate();
    long epoch = EpochKeys.epochOf(T0, config.keyEpoch());
    EpochKeyCertificate forged = EpochKeyCertificate.issue(forger, OWNER_B, "veh-b1", epoch, config.keyEpoch());
    publish(config, new EpochKeyCertificate(OWNER_B, ownerB.publicKey(), "veh-b1", epoch,
        config.keyEpoch().toMillis(), forged.epochKey(), forged.signature()));
    publish(config, EpochKeyCertificate.issue(ownerB, OWNER_B, "veh-b1", EpochKeys.epochOf(T0, Duration.ofHours(1)),
        Duration.ofHours(1)));
    JobClient job = start(config, null);
    try {
      Map<String, List<ValidReading>> sent = new HashMap<>();
      sent.put("veh-a1", TestReadings.readings("veh-a1", OWNER_A, T0, READINGS_PER_DEVICE, 200, 1));
      sent.put("veh-a2", TestReadings.readings("veh-a2", OWNER_A, T0, READINGS_PER_DEVICE, 200, 2));
      sent.put("veh-b1", TestReadings.readings("veh-b1", OWNER_B, T0, READINGS_PER_DEVICE, 200, 3));
      sendInterleaved(config, sent.values());
      kafka.send(config.validTopic(), "veh-x", "not a reading".getBytes());
      closeEveryIntervalBefore(config, T0 + 3_600_000);

      List<byte[]> ownerAsOnly = kafka.readCommitted(config.manifestsTopic(), 6, OUTPUT_TIMEOUT, QUIET);
      assertEquals(6, ownerAsOnly.size(), "owner b has published no valid key yet: only owner a's 2 x 3 intervals");

      publishEpochKeys(config, OWNER_B, ownerB, "veh-b1");
      List<byte[]> manifests = kafka.readCommitted(config.manifestsTopic(), 9, OUTPUT_TIMEOUT, QUIET);
      assertEquals(9, manifests.size(), "owner b's 3 intervals are written once its epoch key arrives");
      assertEveryReadingOnceInItsInterval(manifests, sent);

      // A reading for an interval that was written long ago is kept in the dead letters, not lost.
      ValidReading late = TestReadings.readings("veh-a1", OWNER_A, T0 + 500, 1, 200, 99).get(0);
      kafka.send(config.validTopic(), "veh-a1", readingMessages.encode(late));
      Map<RejectReason, Integer> reasons = new TreeMap<>();
      for (byte[] value : kafka.readCommitted(config.dlqTopic(), 4, OUTPUT_TIMEOUT, QUIET)) {
        reasons.merge(deadLetterMessages.decode(value).getReason(), 1, Integer::sum);
      }
      assertEquals(Map.of(RejectReason.UNDECODABLE, 1, RejectReason.LATE_EVENT, 1, RejectReason.BAD_CERTIFICATE, 2),
          reasons, "the forged and the hourly certificate are refused");

      // The job's metrics, as the Web UI shows them, count the same.
      String name = IntervalEncryptJob.JOB_NAME;
      assertEquals(3 * READINGS_PER_DEVICE + 3, CountersReporter.sum(name, JobMetrics.RECORDS_IN),
          "the readings, the undecodable record, the clock reading and the late one");
      assertEquals(9, CountersReporter.sum(name, JobMetrics.INTERVALS_WRITTEN));
      assertEquals(9, CountersReporter.sum(name, JobMetrics.RECORDS_OUT));
      for (Map.Entry<RejectReason, Integer> reason : reasons.entrySet()) {
        assertEquals((long) reason.getValue(), CountersReporter.sum(name,
            JobMetrics.REASON + "." + reason.getKey() + "." + JobMetrics.DEAD_LETTERS), reason.getKey().name());
      }
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void anIntervalWhoseEpochKeyNeverComesIsDeadLetteredWithItsReadingsWhole() throws Exception {
    EncryptJobConfig config = newTopics("--epoch-key-wait", "20s"); // long enough for the key source to have started
    publishEpochKeys(config, OWNER_A, ownerA, "veh-k1");
    JobClient job = start(config, null);
    try {
      List<ValidReading> keyed = TestReadings.readings("veh-k1", OWNER_A, T0, READINGS_PER_DEVICE, 200, 5);
      List<ValidReading> keyless = TestReadings.readings("veh-n1", "owner-n", T0, READINGS_PER_DEVICE, 200, 6);
      sendInterleaved(config, List.of(keyed, keyless));
      closeEveryIntervalBefore(config, T0 + 3_600_000);

      List<ValidReading> deadLettered = new ArrayList<>();
      for (byte[] value : kafka.readCommitted(config.dlqTopic(), READINGS_PER_DEVICE, OUTPUT_TIMEOUT, QUIET)) {
        DeadLetter letter = deadLetterMessages.decode(value);
        assertEquals(RejectReason.NO_EPOCH_KEY, letter.getReason(), letter.getDetail());
        deadLettered.add(readingMessages.decode(Bytes.of(letter.getOriginalBytes())));
      }
      Comparator<ValidReading> order = Comparator.comparingLong(r -> r.getReading().getEventTimeMs());
      deadLettered.sort(order);
      assertEquals(keyless, deadLettered, "every reading of the keyless owner's 3 intervals, whole");
      List<byte[]> manifests = kafka.readCommitted(config.manifestsTopic(), 3, OUTPUT_TIMEOUT, QUIET);
      assertEveryReadingOnceInItsInterval(manifests, Map.of("veh-k1", keyed));
      assertEquals(READINGS_PER_DEVICE, CountersReporter.sum(IntervalEncryptJob.JOB_NAME,
          JobMetrics.REASON + "." + RejectReason.NO_EPOCH_KEY + "." + JobMetrics.DEAD_LETTERS));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aFailureMidIntervalWritesEachIntervalOnceAndLeavesNoOrphanChunks() throws Exception {
    EncryptJobConfig config = newTopics();
    publishEpochKeys(config, OWNER_A, ownerA, "veh-f1", "veh-f2");
    long objectsBefore = storedObjects();
    Map<String, List<ValidReading>> first = new HashMap<>();
    Map<String, List<ValidReading>> second = new HashMap<>();
    for (String device : List.of("veh-f1", "veh-f2")) {
      List<ValidReading> all = TestReadings.readings(device, OWNER_A, T0, 2 * READINGS_PER_DEVICE, 200, device.hashCode());
      first.put(device, all.subList(0, READINGS_PER_DEVICE + 20)); // ends 4 s into the 4th interval
      second.put(device, all.subList(READINGS_PER_DEVICE + 20, all.size()));
    }
    // Fails in the middle of the second batch: windows half full, manifests written but not committed.
    JobClient job = start(config, new FailOnceAfterCheckpoint<>(2L * (READINGS_PER_DEVICE + 20) + 60));
    try {
      sendInterleaved(config, first.values());
      kafka.readCommitted(config.manifestsTopic(), 1, OUTPUT_TIMEOUT, Duration.ZERO); // a checkpoint completed
      sendInterleaved(config, second.values());
      closeEveryIntervalBefore(config, T0 + 3_600_000);

      List<byte[]> manifests = kafka.readCommitted(config.manifestsTopic(), 12, OUTPUT_TIMEOUT, QUIET);
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job must have failed and restarted");
      Map<String, List<ValidReading>> all = new HashMap<>();
      for (String device : first.keySet()) {
        List<ValidReading> readings = new ArrayList<>(first.get(device));
        readings.addAll(second.get(device));
        all.put(device, readings);
      }
      assertEquals(12, manifests.size(), "2 devices x 6 intervals, each manifest once; got " + intervals(manifests));
      assertEveryReadingOnceInItsInterval(manifests, all);
      long copies = 0;
      for (byte[] manifest : manifests) {
        for (ChunkRef chunk : manifestMessages.decode(manifest).getChunks()) {
          copies += chunk.getNodes().size();
        }
      }
      assertEquals(copies, storedObjects() - objectsBefore,
          "a replayed interval rewrites the same chunks: no orphans on the storage nodes");
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aStorageNodeDownLosesNothingAndRepairRestoresTheCopiesItHeld() throws Exception {
    EncryptJobConfig config = newTopics();
    publishEpochKeys(config, OWNER_A, ownerA, "veh-s1", "veh-s2");
    Map<String, List<ValidReading>> before = Map.of("veh-s1",
        TestReadings.readings("veh-s1", OWNER_A, T0, READINGS_PER_DEVICE, 200, 11));
    // After the first run's clock marker (T0 + 1 h), so that they are not late.
    Map<String, List<ValidReading>> during = Map.of("veh-s2",
        TestReadings.readings("veh-s2", OWNER_A, T0 + 3_660_000, READINGS_PER_DEVICE, 200, 12));
    int down = 1;
    JobClient job = start(config, null);
    List<byte[]> manifests;
    try {
      sendInterleaved(config, before.values());
      closeEveryIntervalBefore(config, T0 + 3_600_000);
      assertEquals(3, kafka.readCommitted(config.manifestsTopic(), 3, OUTPUT_TIMEOUT, QUIET).size());

      storage.stop(down);
      try {
        sendInterleaved(config, during.values());
        closeEveryIntervalBefore(config, T0 + 7_200_000);
        manifests = kafka.readCommitted(config.manifestsTopic(), 6, OUTPUT_TIMEOUT, QUIET);
        assertEquals(6, manifests.size(), "got " + intervals(manifests));
        for (byte[] manifest : manifests.subList(3, 6)) {
          for (ChunkRef chunk : manifestMessages.decode(manifest).getChunks()) {
            assertEquals(2, chunk.getNodes().size());
            assertFalse(chunk.getNodes().contains("node-" + down), "no copy is recorded on the node that is down");
          }
        }
        Map<String, List<ValidReading>> all = new HashMap<>(before);
        all.putAll(during);
        assertEveryReadingOnceInItsInterval(manifests, all); // chunks that were on the node come from replicas
        // The node comes back with an empty disk: repair restores r copies of everything it held.
        deleteRecursively(storage.dataDir(down));
      } finally {
        storage.start(down);
        storage.awaitReady(down);
      }
    } finally {
      job.cancel().get();
    }
    assertTrue(store.repair() > 0, "the lost copies are made again");
    for (byte[] manifest : manifests) {
      for (ChunkRef chunk : manifestMessages.decode(manifest).getChunks()) {
        assertTrue(intactCopies(new ChunkId(chunk.getSha256())) >= 2, "chunk " + chunk.getSha256());
      }
    }
  }

  /**
   * Issue 18 item 1, epoch-key substitution: a stranger writes to owners.epoch-keys certificates for a
   * genuine owner's devices, one self-signed (the stranger's key as the root key), one signed with the
   * root key the stranger registered on the chain for its own account, claiming the genuine owner's
   * id. The genuine owner must open every next interval of both devices and the stranger none. Before
   * the job checked certificates against the chain, the last certificate written won: 6 of 6 intervals
   * opened with the stranger's key, 0 with the owner's.
   */
  @Test
  void aStrangersEpochKeyCertificatesForAGenuineOwnersDevicesOpenNothing() throws Exception {
    EncryptJobConfig config = newTopics();
    publishEpochKeys(config, OWNER_A, ownerA, "veh-v1", "veh-v2");
    JobClient job = start(config, null);
    try {
      // veh-v1: self-signed (a key of the stranger's own as the root key); veh-v2: signed by the root key the
      // stranger registered on the chain for its own account, claiming owner a's id.
      UmbralSecretKey selfSigned = UmbralSecretKey.generate();
      int forged = 0;
      for (long epoch = EpochKeys.epochOf(T0, config.keyEpoch());
          epoch <= EpochKeys.epochOf(T0 + Duration.ofHours(3).toMillis(), config.keyEpoch()); epoch++) {
        publish(config, EpochKeyCertificate.issue(selfSigned, OWNER_A, "veh-v1", epoch, config.keyEpoch()));
        publish(config, EpochKeyCertificate.issue(STRANGER, OWNER_A, "veh-v2", epoch, config.keyEpoch()));
        forged += 2;
      }
      Map<String, List<ValidReading>> sent = new HashMap<>();
      sent.put("veh-v1", TestReadings.readings("veh-v1", OWNER_A, T0, READINGS_PER_DEVICE, 200, 21));
      sent.put("veh-v2", TestReadings.readings("veh-v2", OWNER_A, T0, READINGS_PER_DEVICE, 200, 22));
      sendInterleaved(config, sent.values());
      closeEveryIntervalBefore(config, T0 + 3_600_000);

      List<byte[]> manifests = kafka.readCommitted(config.manifestsTopic(), 6, OUTPUT_TIMEOUT, QUIET);
      IntervalReader reader = new IntervalReader(store, Set.of(pipelineNode));
      int openedByOwner = 0;
      int openedByStranger = 0;
      for (byte[] manifest : manifests) {
        openedByOwner += opens(reader, manifest, ownerA) ? 1 : 0;
        openedByStranger += opens(reader, manifest, selfSigned) || opens(reader, manifest, STRANGER) ? 1 : 0;
      }
      assertEquals(List.of(6, 6, 0), List.of(manifests.size(), openedByOwner, openedByStranger),
          "[manifests, opened with the owner's key, opened with the stranger's key]");
      List<byte[]> refused = kafka.readCommitted(config.dlqTopic(), forged, OUTPUT_TIMEOUT, QUIET);
      assertEquals(forged, refused.size());
      for (byte[] value : refused) {
        DeadLetter letter = deadLetterMessages.decode(value);
        assertEquals(RejectReason.BAD_CERTIFICATE, letter.getReason(), letter.getDetail());
        assertTrue(letter.getDetail().contains("not by the owner's root key on the chain"), letter.getDetail());
      }
    } finally {
      job.cancel().get();
    }
  }

  private static boolean opens(IntervalReader reader, byte[] manifest, UmbralSecretKey key) {
    try {
      reader.readAsOwner(manifest, key);
      return true;
    } catch (IntervalReadException e) {
      return false;
    }
  }

  private void assertEveryReadingOnceInItsInterval(List<byte[]> manifests, Map<String, List<ValidReading>> sent)
      throws Exception {
    IntervalReader reader = new IntervalReader(store, Set.of(pipelineNode));
    Map<String, UmbralSecretKey> owners = Map.of(OWNER_A, ownerA, OWNER_B, ownerB);
    Set<String> intervals = new HashSet<>();
    Map<String, List<ValidReading>> received = new HashMap<>();
    for (byte[] encoded : manifests) {
      IntervalManifest manifest = manifestMessages.decode(encoded);
      assertTrue(intervals.add(manifest.getDeviceId() + "@" + manifest.getIntervalStartMs()),
          "one manifest per device and interval");
      assertEquals(INTERVAL.toMillis(), manifest.getIntervalEndMs() - manifest.getIntervalStartMs());
      List<ValidReading> readings = reader.readAsOwner(encoded, owners.get(manifest.getOwnerId()));
      for (ValidReading reading : readings) {
        long eventTime = reading.getReading().getEventTimeMs();
        assertTrue(eventTime >= manifest.getIntervalStartMs() && eventTime < manifest.getIntervalEndMs(),
            "a reading in its own interval");
      }
      received.computeIfAbsent(manifest.getDeviceId(), d -> new ArrayList<>()).addAll(readings);
    }
    Comparator<ValidReading> order = Comparator.comparingLong(r -> r.getReading().getEventTimeMs());
    Map<String, List<ValidReading>> expected = new HashMap<>();
    sent.forEach((device, readings) -> expected.put(device, readings.stream().sorted(order).toList()));
    received.replaceAll((device, readings) -> readings.stream().sorted(order).toList());
    if (!expected.equals(received)) {
      Map<String, Integer> diff = new TreeMap<>(); // reading -> (received - sent), only where it is not 0
      expected.values().forEach(list -> list.forEach(r -> diff.merge(name(r), -1, Integer::sum)));
      received.values().forEach(list -> list.forEach(r -> diff.merge(name(r), 1, Integer::sum)));
      diff.values().removeIf(count -> count == 0);
      throw new AssertionError("not every reading exactly once; received minus sent: " + diff);
    }
  }

  private static String name(ValidReading reading) {
    return reading.getDeviceId() + "@" + (reading.getReading().getEventTimeMs() - T0);
  }

  private List<String> intervals(List<byte[]> manifests) throws Exception {
    List<String> names = new ArrayList<>();
    for (byte[] encoded : manifests) {
      IntervalManifest manifest = manifestMessages.decode(encoded);
      names.add(manifest.getDeviceId() + "@" + (manifest.getIntervalStartMs() - T0));
    }
    return names;
  }

  private EncryptJobConfig newTopics(String... overrides) throws Exception {
    String run = "run" + RUN.incrementAndGet();
    List<String> args = new ArrayList<>(List.of(
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--valid-topic", run + ".valid", "--epoch-keys-topic", run + ".epoch-keys",
        "--manifests-topic", run + ".manifests", "--dlq-topic", run + ".dlq",
        "--group-id", run, "--transactional-id-prefix", run,
        "--checkpoint-interval", "1s", "--interval", "10s", "--out-of-orderness", "2s", "--idleness", "1s",
        "--chunk-size", "1024", "--replicas", "2",
        "--chain-nodes", chain.api(1) + "," + chain.api(2), "--chain-genesis", genesis.toString(),
        "--chain-poll-interval", "50ms",
        "--storage-nodes", StorageNode.formatList(storage.nodes()),
        "--storage-credentials-file", storage.credentialsFile().toString(),
        "--signing-key-file", signingKey.toString(), "--signing-key-password-file", signingKeyPassword.toString()));
    args.addAll(List.of(overrides));
    EncryptJobConfig config = EncryptJobConfig.fromArgs(args.toArray(String[]::new));
    kafka.createTopic(config.validTopic(), 1, Map.of());
    kafka.createTopic(config.epochKeysTopic(), 1, Map.of("cleanup.policy", "compact"));
    kafka.createTopic(config.manifestsTopic(), 1, Map.of());
    kafka.createTopic(config.dlqTopic(), 1, Map.of());
    return config;
  }

  private static JobClient start(EncryptJobConfig config, FailOnceAfterCheckpoint<Decoded<ValidReading>> failure)
      throws Exception {
    StreamExecutionEnvironment env = RestartingEnvironment.create(IntervalEncryptJob.jobConfiguration(),
        config.parallelism(), config.checkpointInterval());
    DataStream<Decoded<ValidReading>> incoming = IntervalEncryptJob.readValid(env, config);
    if (failure != null) {
      incoming = incoming.map(failure, Decoded.typeOf(ValidReading.class));
    }
    IntervalEncryptJob.writeOutputs(IntervalEncryptJob.pipeline(incoming,
        IntervalEncryptJob.readEpochKeys(env, config), IntervalEncryptJob.readChainIdentities(env, config), config),
        config);
    return env.executeAsync(IntervalEncryptJob.JOB_NAME);
  }

  /** The owner's certificates for its devices' epochs of the test's event times (T0 to T0 + 3 h). */
  private void publishEpochKeys(EncryptJobConfig config, String owner, UmbralSecretKey key, String... devices)
      throws Exception {
    for (String device : devices) {
      for (long epoch = EpochKeys.epochOf(T0, config.keyEpoch());
          epoch <= EpochKeys.epochOf(T0 + Duration.ofHours(3).toMillis(), config.keyEpoch()); epoch++) {
        publish(config, EpochKeyCertificate.issue(key, owner, device, epoch, config.keyEpoch()));
      }
    }
  }

  private void publish(EncryptJobConfig config, EpochKeyCertificate certificate) throws Exception {
    EpochKey record = EpochKeyRecords.of(certificate, System.currentTimeMillis());
    kafka.send(config.epochKeysTopic(), EpochKeyRecords.key(record), epochKeyMessages.encode(record));
  }

  /** Devices' readings interleaved by event time, as the ingest job writes them. */
  private void sendInterleaved(EncryptJobConfig config, java.util.Collection<List<ValidReading>> devices)
      throws Exception {
    List<ValidReading> all = new ArrayList<>();
    devices.forEach(all::addAll);
    all.sort(Comparator.comparingLong(r -> r.getReading().getEventTimeMs()));
    for (ValidReading reading : all) {
      kafka.send(config.validTopic(), reading.getDeviceId(), readingMessages.encode(reading));
    }
  }

  /** A reading of another device far ahead in event time moves the watermark past every earlier interval. */
  private void closeEveryIntervalBefore(EncryptJobConfig config, long eventTimeMs) throws Exception {
    ValidReading marker = TestReadings.readings("veh-clock", "owner-none", eventTimeMs, 1, 1, eventTimeMs).get(0);
    kafka.send(config.validTopic(), "veh-clock", readingMessages.encode(marker));
  }

  private static long storedObjects() throws Exception {
    long total = 0;
    for (NodeStore node : storage.stores()) {
      total += node.list().size();
    }
    return total;
  }

  private static int intactCopies(ChunkId chunk) throws Exception {
    int copies = 0;
    for (NodeStore node : storage.stores()) {
      if (node.get(chunk).filter(chunk::matches).isPresent()) {
        copies++;
      }
    }
    return copies;
  }

  private static void deleteRecursively(Path path) throws Exception {
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
