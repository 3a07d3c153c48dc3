package io.cpchain.ingest.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.testing.CountersReporter;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.jobs.testing.RestartingEnvironment;
import io.cpchain.conf.Durations;
import io.cpchain.ingest.TestFrames;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.TelemetryFrame;
import io.cpchain.schemas.ValidReading;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job on a Flink MiniCluster against a real KRaft Kafka broker, its devices registered on
 * four real chain nodes by one owner.
 */
class TelemetryIngestJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(CountersReporter.install(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration FINAL = Duration.ofSeconds(30);
  /** How long a frame of a device the job does not know yet waits, once the job has read the chain. */
  private static final Duration UNKNOWN_DEVICE_GRACE = Duration.ofSeconds(1);
  /** Checkpoints commit output; after the expected records, wait this long to see any extra ones. */
  private static final Duration QUIET = Duration.ofSeconds(4);
  private static final AtomicInteger RUN = new AtomicInteger();
  private static final HexFormat HEX = HexFormat.of();

  private static KafkaTestBroker kafka;
  @TempDir
  static Path dir;
  private static TestChain chain;
  private static Path genesis;
  /** The owner of every device the tests register; a device id belongs to its first owner for good. */
  private static final AccountPrivateKey OWNER = AccountPrivateKey.generate();
  private static long ownerNonce;
  private static final Map<String, Ed25519PrivateKey> ON_CHAIN = new HashMap<>();
  private final AvroMessages<ValidReading> validMessages = AvroMessages.of(ValidReading.class);
  private final AvroMessages<DeadLetter> deadLetterMessages = AvroMessages.of(DeadLetter.class);
  private final AvroMessages<DeviceRegistration> registrations = AvroMessages.of(DeviceRegistration.class);

  @BeforeAll
  static void startKafkaAndChain() throws Exception {
    kafka = new KafkaTestBroker();
    chain = new TestChain(dir.resolve("chain"), 1);
    genesis = chain.layout().dir().resolve("genesis.yaml");
    long chainId = chain.validators().chainId();
    chain.client(1).submit(Transaction.sign(OWNER, chainId, ownerNonce++,
        new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0)));
  }

  @AfterAll
  static void stopKafkaAndChain() throws Exception {
    kafka.close();
    chain.close();
  }

  @Test
  void exactlyTheValidReadingsComeOutOnceAndEveryRejectWithItsReason() throws Exception {
    IngestJobConfig config = newTopics();
    Map<String, Ed25519PrivateKey> keys = register(List.of("veh-a", "veh-b", "veh-c"));
    JobClient job = start(config, null);
    try {
      long now = System.currentTimeMillis();
      Set<String> expectedValid = new HashSet<>();
      Map<RejectReason, List<byte[]>> expectedRejects = new TreeMap<>();
      List<byte[]> goodFrames = new ArrayList<>();

      // Good frames from three devices, interleaved as they would arrive.
      for (int seq = 0; seq < 10; seq++) {
        for (String device : List.of("veh-a", "veh-b", "veh-c")) {
          byte[] frame = frame(device, keys.get(device), seq, TestFrames.readings(4, now + seq * 100L));
          send(config, device, frame);
          goodFrames.add(frame);
          for (int i = 0; i < 4; i++) {
            expectedValid.add(device + "/" + seq + "/" + i);
          }
        }
      }
      // A device registered while the job runs is accepted without a restart.
      Ed25519PrivateKey lateKey = register("veh-new");
      send(config, "veh-new", frame("veh-new", lateKey, 0, TestFrames.readings(2, now)));
      expectedValid.add("veh-new/0/0");
      expectedValid.add("veh-new/0/1");

      reject(config, expectedRejects, RejectReason.UNDECODABLE, "veh-a", "garbage that is not Avro".getBytes());
      byte[] unknownSchema = frame("veh-a", keys.get("veh-a"), 100, TestFrames.readings(2, now));
      unknownSchema[3] ^= 0x40;
      reject(config, expectedRejects, RejectReason.UNKNOWN_SCHEMA, "veh-a", unknownSchema);
      Ed25519PrivateKey ghost = Ed25519PrivateKey.generate();
      reject(config, expectedRejects, RejectReason.UNKNOWN_DEVICE, "ghost",
          frame("ghost", ghost, 0, TestFrames.readings(2, now)));
      reject(config, expectedRejects, RejectReason.BAD_SIGNATURE, "veh-b",
          frame("veh-b", Ed25519PrivateKey.generate(), 101, TestFrames.readings(2, now)));
      List<Reading> outOfRange = new ArrayList<>(TestFrames.readings(3, now));
      outOfRange.set(1, Reading.newBuilder(outOfRange.get(1)).setLatitude(123).build());
      reject(config, expectedRejects, RejectReason.OUT_OF_RANGE, "veh-c",
          frame("veh-c", keys.get("veh-c"), 102, outOfRange));
      List<Reading> inconsistent = new ArrayList<>(TestFrames.readings(3, now));
      inconsistent.set(2, Reading.newBuilder(inconsistent.get(2)).setOdometerKm(1).build());
      reject(config, expectedRejects, RejectReason.INCONSISTENT, "veh-c",
          frame("veh-c", keys.get("veh-c"), 103, inconsistent));
      reject(config, expectedRejects, RejectReason.INCONSISTENT, "veh-b", // keyed as another device
          frame("veh-c", keys.get("veh-c"), 105, TestFrames.readings(2, now)));
      reject(config, expectedRejects, RejectReason.DUPLICATE_FRAME, "veh-a", goodFrames.get(0));
      reject(config, expectedRejects, RejectReason.DUPLICATE_FRAME, "veh-b", goodFrames.get(4));

      // Taken an hour before its record was written: late whenever the job reads it.
      send(config, "veh-a", frame("veh-a", keys.get("veh-a"), 104, TestFrames.readings(2, now - 3_600_000L)));
      expectedRejects.computeIfAbsent(RejectReason.LATE_EVENT, r -> new ArrayList<>());
      int lateReadings = 2;
      // A fresh frame after the late one is on time: lateness is each record's own.
      long later = System.currentTimeMillis();
      send(config, "veh-b", frame("veh-b", keys.get("veh-b"), 50, TestFrames.readings(2, later)));
      expectedValid.add("veh-b/50/0");
      expectedValid.add("veh-b/50/1");

      int expectedDeadLetters = lateReadings + expectedRejects.values().stream().mapToInt(List::size).sum();
      Committed committed = committed(config, expectedValid.size(), expectedDeadLetters);
      List<byte[]> valid = committed.valid();
      List<String> validKeys = new ArrayList<>();
      for (byte[] value : valid) {
        ValidReading reading = validMessages.decode(value);
        validKeys.add(reading.getDeviceId() + "/" + reading.getFrameSeq() + "/" + reading.getIndexInFrame());
      }
      assertEquals(expectedValid.size(), validKeys.size(), "each valid reading exactly once: " + validKeys);
      assertEquals(expectedValid, new HashSet<>(validKeys));

      List<byte[]> dead = committed.deadLetters();
      Map<RejectReason, List<DeadLetter>> byReason = new TreeMap<>();
      for (byte[] value : dead) {
        DeadLetter letter = deadLetterMessages.decode(value);
        byReason.computeIfAbsent(letter.getReason(), r -> new ArrayList<>()).add(letter);
        assertEquals(config.rawTopic(), letter.getSourceTopic());
        assertTrue(letter.getSourceOffset() >= 0);
        assertTrue(!letter.getDetail().isBlank());
      }
      assertEquals(expectedDeadLetters, dead.size(), "dead letters: " + byReason);
      assertEquals(lateReadings, byReason.get(RejectReason.LATE_EVENT).size());
      expectedRejects.forEach((reason, frames) -> {
        if (reason == RejectReason.LATE_EVENT) {
          return;
        }
        List<String> sent = frames.stream().map(HEX::formatHex).sorted().toList();
        List<String> kept = byReason.getOrDefault(reason, List.of()).stream()
            .map(letter -> HEX.formatHex(Bytes.of(letter.getOriginalBytes()))).sorted().toList();
        assertEquals(sent, kept, "dead letters for " + reason + " keep the original bytes");
      });

      // The job's metrics, as the Web UI shows them, count the same.
      String name = TelemetryIngestJob.JOB_NAME;
      long framesSent = goodFrames.size() + 3 + expectedRejects.values().stream().mapToInt(List::size).sum();
      assertEquals(framesSent, CountersReporter.sum(name, JobMetrics.RECORDS_IN));
      assertEquals(expectedValid.size(), CountersReporter.sum(name, JobMetrics.RECORDS_OUT));
      for (RejectReason reason : byReason.keySet()) {
        assertEquals(byReason.get(reason).size(),
            CountersReporter.sum(name, JobMetrics.REASON + "." + reason + "." + JobMetrics.DEAD_LETTERS), reason.name());
      }
      assertEquals(0, CountersReporter.sum(name, JobMetrics.REASON + ".UNSPECIFIED." + JobMetrics.DEAD_LETTERS));
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aRestartFromACheckpointNeitherLosesNorDuplicates() throws Exception {
    IngestJobConfig config = newTopics();
    List<String> devices = List.of("veh-1", "veh-2", "veh-3", "veh-4");
    Map<String, Ed25519PrivateKey> keys = register(devices);
    int frames = 300;
    int readingsPerFrame = 3;
    JobClient job = start(config, new FailOnceAfterCheckpoint<>(frames / 4));
    try {
      long now = System.currentTimeMillis();
      for (int seq = 0; seq < frames / devices.size(); seq++) {
        for (String device : devices) {
          send(config, device, frame(device, keys.get(device), seq,
              TestFrames.readings(readingsPerFrame, now + seq * 10L)));
        }
        if (seq % 15 == 0) {
          Thread.sleep(300); // spread the input over several checkpoints
        }
      }
      int expected = frames * readingsPerFrame;
      Committed committed = committed(config, expected, 0);
      List<byte[]> valid = committed.valid();
      Set<String> distinct = new HashSet<>();
      for (byte[] value : valid) {
        ValidReading reading = validMessages.decode(value);
        distinct.add(reading.getDeviceId() + "/" + reading.getFrameSeq() + "/" + reading.getIndexInFrame());
      }
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the job must have failed and restarted");
      assertEquals(expected, distinct.size(), "no reading lost");
      assertEquals(expected, valid.size(), "no reading duplicated");
      assertEquals(0, committed.deadLetters().size(),
          "a replay after the restart is not mistaken for duplicate frames");
    } finally {
      job.cancel().get();
    }
  }

  @Test
  void aPoisonRecordGoesToTheDeadLettersAndEveryGenuineReadingGetsThrough() throws Exception {
    IngestJobConfig config = newTopics();
    List<String> devices = List.of("veh-1", "veh-2", "veh-3", "veh-4");
    Map<String, Ed25519PrivateKey> keys = register(devices);
    byte[] poison = TestFrames.claimingReadings("v1", TestFrames.HUGE_COUNT);
    assertEquals(21, poison.length);
    byte[] oversized = new byte[config.maxFrameBytes() + 1_000];
    System.arraycopy(poison, 0, oversized, 0, poison.length);
    int frames = 600;
    int readingsPerFrame = 4;
    JobClient job = start(config, null);
    try {
      for (int seq = 0; seq < frames / devices.size(); seq++) {
        for (String device : devices) {
          // Taken as they are sent: on a loaded machine sending takes longer than the out-of-orderness.
          send(config, device, frame(device, keys.get(device), seq,
              TestFrames.readings(readingsPerFrame, System.currentTimeMillis())));
        }
        if (seq == 10) {
          send(config, "veh-1", poison); // keyed as a registered device: decoded at once
          send(config, "veh-2", oversized);
        }
      }
      int expected = frames * readingsPerFrame;
      Committed committed = committed(config, expected, 2);
      List<byte[]> valid = committed.valid();
      Set<String> distinct = new HashSet<>();
      for (byte[] value : valid) {
        ValidReading reading = validMessages.decode(value);
        distinct.add(reading.getDeviceId() + "/" + reading.getFrameSeq() + "/" + reading.getIndexInFrame());
      }
      Map<RejectReason, DeadLetter> dead = new TreeMap<>();
      List<byte[]> deadValues = committed.deadLetters();
      for (byte[] value : deadValues) {
        DeadLetter letter = deadLetterMessages.decode(value);
        dead.put(letter.getReason(), letter);
      }
      assertEquals(expected, valid.size(), "every genuine reading once, " + distinct.size() + " distinct; "
          + deadValues.size() + " dead letters, reasons " + dead.keySet() + "; job " + state(job));
      assertEquals(expected, distinct.size());
      assertEquals(Set.of(RejectReason.UNDECODABLE, RejectReason.TOO_LARGE), dead.keySet(),
          "only the two poison records are dead letters");
      assertEquals(2, deadValues.size());
      DeadLetter letter = dead.get(RejectReason.UNDECODABLE);
      assertEquals(HEX.formatHex(poison), HEX.formatHex(Bytes.of(letter.getOriginalBytes())));
      assertTrue(letter.getDetail().contains("array of " + TestFrames.HUGE_COUNT + " items in a message of 21 bytes"),
          letter.getDetail());
      DeadLetter tooLarge = dead.get(RejectReason.TOO_LARGE);
      assertEquals(HEX.formatHex(Arrays.copyOf(oversized, config.maxFrameBytes())),
          HEX.formatHex(Bytes.of(tooLarge.getOriginalBytes())), "the first max-frame-bytes are kept");
      assertEquals("RUNNING", state(job));
    } finally {
      cancelIfRunning(job);
    }
  }

  @Test
  void aFrameFromTheFutureIsADeadLetterAndMakesNoGenuineReadingLate() throws Exception {
    IngestJobConfig config = newTopics(1); // one partition: the future frame shares it with every genuine one
    List<String> devices = List.of("veh-f", "veh-g");
    Map<String, Ed25519PrivateKey> keys = register(devices);
    int readingsPerFrame = 3;
    JobClient job = start(config, null);
    try {
      int expected = 0;
      for (int seq = 0; seq < 20; seq++) {
        for (String device : devices) {
          send(config, device, frame(device, keys.get(device), seq,
              TestFrames.readings(readingsPerFrame, System.currentTimeMillis())));
          expected += readingsPerFrame;
        }
      }
      kafka.readCommitted(config.validTopic(), 1, OUTPUT_TIMEOUT, Duration.ZERO); // the job is reading
      // Correctly signed by a registered device, dated ten years ahead; its gateway stamps the
      // Kafka record 50 minutes ahead (brokers may refuse timestamps much further ahead than that).
      long now = System.currentTimeMillis();
      long tenYears = Duration.ofDays(3_650).toMillis();
      byte[] future = frame("veh-f", keys.get("veh-f"), 1_000, TestFrames.readings(readingsPerFrame, now + tenYears));
      kafka.send(config.rawTopic(), "veh-f", future, now + Duration.ofMinutes(50).toMillis());
      for (int seq = 20; seq < 40; seq++) {
        for (String device : devices) {
          send(config, device, frame(device, keys.get(device), seq,
              TestFrames.readings(readingsPerFrame, System.currentTimeMillis())));
          expected += readingsPerFrame;
        }
      }

      Committed committed = committed(config, expected, 1);
      List<byte[]> valid = committed.valid();
      int futureReadings = 0;
      for (byte[] value : valid) {
        if (validMessages.decode(value).getReading().getEventTimeMs() > now + tenYears / 2) {
          futureReadings++;
        }
      }
      List<byte[]> dead = committed.deadLetters();
      Map<RejectReason, Integer> deadByReason = new TreeMap<>();
      for (byte[] value : dead) {
        deadByReason.merge(deadLetterMessages.decode(value).getReason(), 1, Integer::sum);
      }
      assertEquals(0, futureReadings, "readings from the future on the valid topic");
      assertEquals(expected, valid.size(), "every genuine reading once; dead letters: " + deadByReason + "; job "
          + state(job));
      assertEquals(Map.of(RejectReason.FUTURE_EVENT, 1), deadByReason);
      DeadLetter letter = deadLetterMessages.decode(dead.get(0));
      assertEquals(HEX.formatHex(future), HEX.formatHex(Bytes.of(letter.getOriginalBytes())));
      assertEquals("veh-f", letter.getDeviceId());
      assertTrue(letter.getDetail().contains("after the record's time"), letter.getDetail());
      assertEquals("RUNNING", state(job));
    } finally {
      cancelIfRunning(job);
    }
  }

  /**
   * Issue 18 item 2, device takeover: a stranger registers a genuine device with their own key
   * wherever registrations could be written, the topic the job used to read (devices.registrations,
   * any Kafka client can write it) and the chain (as a registered owner of their own), and forges the
   * device's telemetry under that key, interleaved with the genuine frames. Before the job read the
   * chain, the topic's latest registration won: 0 of 20 genuine frames came through and all 20
   * forged ones did.
   */
  @Test
  void aStrangersRegistrationOfAGenuineDeviceTakesNothingOver() throws Exception {
    IngestJobConfig config = newTopics();
    String device = "veh-victim";
    Ed25519PrivateKey genuine = register(device);
    JobClient job = start(config, null);
    try {
      long now = System.currentTimeMillis();
      Ed25519PrivateKey stranger = Ed25519PrivateKey.generate();
      kafka.createTopic("devices.registrations", 1, Map.of("cleanup.policy", "compact"));
      kafka.send("devices.registrations", device,
          registrations.encode(TestFrames.registration(device, "stranger", stranger)));
      AccountPrivateKey strangerAccount = AccountPrivateKey.generate();
      long chainId = chain.validators().chainId();
      chain.client(2).submit(Transaction.sign(strangerAccount, chainId, 0,
          new Payload.RegisterOwner(UmbralSecretKey.generate().publicKey(), 0)));
      Transaction takeover = Transaction.sign(strangerAccount, chainId, 1,
          new Payload.RegisterDevice(device, stranger.publicKey(), TestFrames.KEY_VALID_FROM, 0));
      chain.client(2).submit(takeover);
      assertEquals("FAILED", chain.client(2).awaitReceipt(takeover.hash(), FINAL).status());
      List<byte[]> forged = new ArrayList<>();
      for (int seq = 0; seq < 20; seq++) {
        send(config, device, frame(device, genuine, seq, TestFrames.readings(2, now + seq * 100L)));
        byte[] forgery = frame(device, stranger, 1_000 + seq, TestFrames.readings(2, now + seq * 100L + 50));
        send(config, device, forgery);
        forged.add(forgery);
      }
      Committed committed = committed(config, 40, forged.size());
      List<byte[]> valid = committed.valid();
      Map<Long, Integer> validFrames = new TreeMap<>();
      for (byte[] value : valid) {
        validFrames.merge(validMessages.decode(value).getFrameSeq(), 1, Integer::sum);
      }
      Map<RejectReason, Integer> reasons = new TreeMap<>();
      List<String> deadForgeries = new ArrayList<>();
      for (byte[] value : committed.deadLetters()) {
        DeadLetter letter = deadLetterMessages.decode(value);
        reasons.merge(letter.getReason(), 1, Integer::sum);
        deadForgeries.add(HEX.formatHex(Bytes.of(letter.getOriginalBytes())));
      }
      long genuineValid = validFrames.keySet().stream().filter(seq -> seq < 20).count();
      long forgedValid = validFrames.keySet().stream().filter(seq -> seq >= 1_000).count();
      String figures = "genuine frames valid: " + genuineValid + " of 20, forged frames valid: " + forgedValid
          + " of 20, dead letters " + reasons;
      assertEquals("20 genuine, 0 forged", genuineValid + " genuine, " + forgedValid + " forged", figures);
      assertEquals(40, valid.size(), "each genuine reading once; " + figures);
      assertEquals(Map.of(RejectReason.BAD_SIGNATURE, forged.size()), reasons, figures);
      assertEquals(forged.stream().map(HEX::formatHex).sorted().toList(), deadForgeries.stream().sorted().toList(),
          "the dead letters are the forgeries");
    } finally {
      job.cancel().get();
    }
  }

  /**
   * Issue 16 item 2: the same raw log gives the same output, record by record, whether the job reads
   * it live (frames as they come) or as a backlog (every frame written before the job starts, read
   * from offset 0 by a fresh job while it reads the registrations from the chain's first block on). The frames' Kafka timestamps span ten
   * minutes, far more than any bound, so a rule that follows arrival (a watermark, a wait) shows.
   */
  @Test
  void theSameRawLogGivesTheSameOutputLiveOrReplayedFromABacklog() throws Exception {
    List<String> devices = List.of("veh-l1", "veh-l2", "veh-l3");
    Map<String, Ed25519PrivateKey> keys = register(devices);
    RawLog log = RawLog.of(devices, keys, System.currentTimeMillis() - Duration.ofMinutes(20).toMillis());

    IngestJobConfig live = newTopics(2);
    JobClient liveJob = start(live, null);
    Output liveOutput;
    try {
      log.sendTo(live);
      liveOutput = output(live, log);
    } finally {
      cancelIfRunning(liveJob);
    }

    IngestJobConfig backlog = newTopics(2);
    log.sendTo(backlog);
    JobClient backlogJob = start(backlog, null);
    Output backlogOutput;
    try {
      backlogOutput = output(backlog, log);
    } finally {
      cancelIfRunning(backlogJob);
    }

    String figures = "live: " + liveOutput.validCount() + " valid, dead letters " + liveOutput.reasons()
        + "; backlog: " + backlogOutput.validCount() + " valid, dead letters " + backlogOutput.reasons();
    assertEquals(liveOutput.validByDevice(), backlogOutput.validByDevice(),
        "valid readings, device by device in order; " + figures);
    assertEquals(liveOutput.deadLetters(), backlogOutput.deadLetters(), "dead letters, with reasons and details");
    assertEquals(log.expectedValid(), liveOutput.validCount(), "valid readings; " + figures);
    assertEquals(log.expectedDeadLetters(), liveOutput.reasons(), "dead letters by reason; " + figures);
  }

  /**
   * Issue 16 item 2, catch-up: a fresh job whose chain source cannot read the chain at first (its
   * first node takes the request and does not answer, as long as the test holds it) reads a backlog
   * of genuine frames at once. Their devices' registrations are on the chain all along, so no frame
   * may be a dead letter while the chain is out of reach, however long that lasts, and once the job
   * has read the chain every genuine frame is valid, as it was live; a frame of a device the chain
   * never registered is still UNKNOWN_DEVICE, a grace later. Before, the job's grace ran from each
   * frame's arrival, and a fresh job that had not read the chain yet refused genuine frames.
   */
  @Test
  void aFreshJobWaitsForItsChainSourceToCatchUpBeforeAnyDeviceIsUnknown() throws Exception {
    List<String> devices = List.of("veh-u1", "veh-u2");
    Map<String, Ed25519PrivateKey> keys = register(devices);
    try (ServerSocket silentNode = new ServerSocket(0)) {
      silentNode.setSoTimeout((int) OUTPUT_TIMEOUT.toMillis());
      IngestJobConfig config = newTopics(2, "--chain-nodes",
          "http://127.0.0.1:" + silentNode.getLocalPort() + "," + chain.api(1), "--chain-request-timeout", "90s");
      long now = System.currentTimeMillis();
      int frames = 10;
      for (int seq = 0; seq < frames; seq++) {
        for (String device : devices) {
          send(config, device, frame(device, keys.get(device), seq, TestFrames.readings(2, now + seq * 100L)));
        }
      }
      byte[] ghost = frame("veh-u-ghost", Ed25519PrivateKey.generate(), 0, TestFrames.readings(2, now));
      send(config, "veh-u-ghost", ghost);
      JobClient job = start(config, null);
      try {
        try (Socket held = silentNode.accept()) { // the chain source asks the silent node, and waits
          awaitCounter(JobMetrics.RECORDS_IN, frames * devices.size() + 1);
          List<String> early = new ArrayList<>();
          for (byte[] value : kafka.readCommitted(config.dlqTopic(), 0, OUTPUT_TIMEOUT, QUIET)) {
            DeadLetter letter = deadLetterMessages.decode(value);
            early.add(letter.getReason() + " " + letter.getDeviceId());
          }
          assertEquals(List.of(), early, "dead letters while the chain is out of reach, every frame read");
        }
        silentNode.close(); // the source goes on to the next node
        int expected = frames * devices.size() * 2;
        Committed committed = committed(config, expected, 1);
        List<byte[]> valid = committed.valid();
        Map<RejectReason, Integer> reasons = new TreeMap<>();
        List<DeadLetter> dead = new ArrayList<>();
        for (byte[] value : committed.deadLetters()) {
          DeadLetter letter = deadLetterMessages.decode(value);
          reasons.merge(letter.getReason(), 1, Integer::sum);
          dead.add(letter);
        }
        String figures = valid.size() + " of " + expected + " genuine readings valid, dead letters " + reasons;
        assertEquals(expected, valid.size(), figures);
        assertEquals(Map.of(RejectReason.UNKNOWN_DEVICE, 1), reasons, figures);
        assertEquals(HEX.formatHex(ghost), HEX.formatHex(Bytes.of(dead.get(0).getOriginalBytes())));
      } finally {
        cancelIfRunning(job);
      }
    }
  }

  /** Until the running job's counter {@code cpchain.<path>}, summed over its tasks, is {@code count}. */
  private static void awaitCounter(String path, long count) throws InterruptedException {
    long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
    while (CountersReporter.sum(TelemetryIngestJob.JOB_NAME, path) < count) {
      assertTrue(System.nanoTime() < deadline, "counter " + path + " at "
          + CountersReporter.sum(TelemetryIngestJob.JOB_NAME, path) + ", not " + count + ", after " + OUTPUT_TIMEOUT);
      Thread.sleep(50); // polls the condition
    }
  }

  /** The bound the log test's late frames are built around. */
  private static final Duration LOG_TEST_LATENESS = Duration.ofSeconds(30);

  /** One raw log: frames of several devices with their Kafka timestamps, and what each should become. */
  private record RawLog(List<String> keys, List<byte[]> values, List<Long> timestamps,
      Map<RejectReason, Integer> expectedDeadLetters, int expectedValid) {

    static RawLog of(List<String> devices, Map<String, Ed25519PrivateKey> keys, long startMs) {
      List<String> recordKeys = new ArrayList<>();
      List<byte[]> values = new ArrayList<>();
      List<Long> timestamps = new ArrayList<>();
      Map<RejectReason, Integer> dead = new TreeMap<>();
      int valid = 0;
      long lateness = LOG_TEST_LATENESS.toMillis();
      for (int seq = 0; seq < 30; seq++) {
        for (int d = 0; d < devices.size(); d++) {
          String device = devices.get(d);
          long sentAt = startMs + seq * 20_000L + d * 1_000L;
          List<Reading> readings;
          if (seq % 7 == 3) { // held back by its gateway: every reading late
            readings = TestFrames.readings(3, sentAt - lateness - 60_000);
            dead.merge(RejectReason.LATE_EVENT, 3, Integer::sum);
          } else if (seq % 11 == 5) { // its first reading 1 s past the bound, the second exactly on it
            readings = TestFrames.readings(3, sentAt - lateness + 1_000);
            dead.merge(RejectReason.LATE_EVENT, 1, Integer::sum);
            valid += 2;
          } else if (seq % 13 == 8) { // dated 10 min after its record was written
            readings = TestFrames.readings(3, sentAt + 600_000);
            dead.merge(RejectReason.FUTURE_EVENT, 1, Integer::sum);
          } else {
            readings = TestFrames.readings(3, sentAt - 100);
            valid += 3;
          }
          recordKeys.add(device);
          values.add(frame(device, keys.get(device), seq, readings));
          timestamps.add(sentAt);
        }
      }
      // A gateway retrying an old frame: the same bytes again, later.
      recordKeys.add(devices.get(0));
      values.add(values.get(0));
      timestamps.add(startMs + 30 * 20_000L);
      dead.merge(RejectReason.DUPLICATE_FRAME, 1, Integer::sum);
      return new RawLog(recordKeys, values, timestamps, dead, valid);
    }

    void sendTo(IngestJobConfig config) throws Exception {
      for (int i = 0; i < values.size(); i++) {
        kafka.send(config.rawTopic(), keys.get(i), values.get(i), timestamps.get(i));
      }
    }

    int expectedDeadLetterCount() {
      return expectedDeadLetters.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * What the job wrote, in the terms that must not depend on arrival: each device's valid readings
   * in order, and every dead letter but its topic (each run has its own) and the time it was written.
   */
  private record Output(Map<String, List<String>> validByDevice, List<String> deadLetters,
      Map<RejectReason, Integer> reasons) {

    int validCount() {
      return validByDevice.values().stream().mapToInt(List::size).sum();
    }
  }

  private Output output(IngestJobConfig config, RawLog log) throws Exception {
    Committed committed = committed(config, log.expectedValid(), log.expectedDeadLetterCount());
    Map<String, List<String>> validByDevice = new TreeMap<>();
    for (byte[] value : committed.valid()) {
      ValidReading reading = validMessages.decode(value);
      validByDevice.computeIfAbsent(reading.getDeviceId(), d -> new ArrayList<>()).add(HEX.formatHex(value));
    }
    List<String> deadLetters = new ArrayList<>();
    Map<RejectReason, Integer> reasons = new TreeMap<>();
    for (byte[] value : committed.deadLetters()) {
      DeadLetter letter = deadLetterMessages.decode(value);
      reasons.merge(letter.getReason(), 1, Integer::sum);
      deadLetters.add(letter.getSourcePartition() + "@" + letter.getSourceOffset() + " " + letter.getReason() + " "
          + letter.getDeviceId() + " " + letter.getDetail() + " " + HEX.formatHex(Bytes.of(letter.getOriginalBytes())));
    }
    deadLetters.sort(null);
    return new Output(validByDevice, deadLetters, reasons);
  }

  /** What a job committed to its two outputs. */
  private record Committed(List<byte[]> valid, List<byte[]> deadLetters) {}

  /**
   * The job's committed output once {@code valid} readings and {@code deadLetters} are there, and
   * whatever more comes within {@link #QUIET}.
   */
  private static Committed committed(IngestJobConfig config, int valid, int deadLetters) {
    Map<String, List<byte[]>> read = kafka.readCommitted(
        Map.of(config.validTopic(), valid, config.dlqTopic(), deadLetters), OUTPUT_TIMEOUT, QUIET);
    return new Committed(read.get(config.validTopic()), read.get(config.dlqTopic()));
  }

  /** The job's status, and for a job that failed (its restarts used up) the root cause. */
  private static String state(JobClient job) throws Exception {
    JobStatus status = job.getJobStatus().get();
    if (status != JobStatus.FAILED) {
      return status.name();
    }
    try {
      job.getJobExecutionResult().get();
      return status.name();
    } catch (ExecutionException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return status + ": " + root;
    }
  }

  /** A job that already failed is left for {@link #state} to report: cancelling it would throw over the assertion. */
  private static void cancelIfRunning(JobClient job) throws Exception {
    if (!job.getJobStatus().get().isGloballyTerminalState()) {
      job.cancel().get();
    }
  }

  private IngestJobConfig newTopics() throws Exception {
    return newTopics(2);
  }

  private IngestJobConfig newTopics(int rawPartitions, String... moreArgs) throws Exception {
    String run = "it" + RUN.incrementAndGet();
    Map<String, String> settings = new LinkedHashMap<>(Map.of("--bootstrap-servers", kafka.bootstrapServers(),
        "--raw-topic", run + ".raw",
        "--valid-topic", run + ".valid", "--dlq-topic", run + ".dlq", "--group-id", run,
        "--transactional-id-prefix", run, "--parallelism", "2", "--checkpoint-interval", "500ms"));
    settings.putAll(Map.of("--max-lateness", Durations.format(LOG_TEST_LATENESS),
        "--unknown-device-grace", Durations.format(UNKNOWN_DEVICE_GRACE), "--chain-nodes", chain.api(1) + "," + chain.api(2),
        "--chain-genesis", genesis.toString(), "--chain-poll-interval", "50ms"));
    for (int i = 0; i < moreArgs.length; i += 2) {
      settings.put(moreArgs[i], moreArgs[i + 1]);
    }
    List<String> args = new ArrayList<>();
    settings.forEach((name, value) -> args.addAll(List.of(name, value)));
    IngestJobConfig config = IngestJobConfig.fromArgs(args.toArray(String[]::new));
    kafka.createTopic(config.rawTopic(), rawPartitions, Map.of());
    kafka.createTopic(config.validTopic(), 2, Map.of());
    kafka.createTopic(config.dlqTopic(), 1, Map.of());
    return config;
  }

  /** Builds the job as its main method does, optionally with a failure injected after the raw source. */
  static JobClient start(IngestJobConfig config, FailOnceAfterCheckpoint<io.cpchain.ingest.source.RawRecord>
      failure) throws Exception {
    StreamExecutionEnvironment env = RestartingEnvironment.create(TelemetryIngestJob.jobConfiguration(),
        config.parallelism(), config.checkpointInterval());
    var raw = TelemetryIngestJob.readRaw(env, config);
    if (failure != null) {
      raw = raw.map(failure).returns(io.cpchain.ingest.source.RawRecord.class).name("inject failure");
    }
    TelemetryIngestJob.writeOutputs(
        TelemetryIngestJob.pipeline(raw, TelemetryIngestJob.readRegistrations(env, config), config), config);
    return env.executeAsync(TelemetryIngestJob.JOB_NAME);
  }

  /**
   * The devices' keys, registering on the chain (owner-signed, final) those not registered yet: the
   * chain is the tests' one registry, and a device id keeps its first owner and key.
   */
  private static Map<String, Ed25519PrivateKey> register(List<String> devices) throws Exception {
    long chainId = chain.validators().chainId();
    Transaction last = null;
    for (String device : devices) {
      if (!ON_CHAIN.containsKey(device)) {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        last = Transaction.sign(OWNER, chainId, ownerNonce++,
            new Payload.RegisterDevice(device, key.publicKey(), TestFrames.KEY_VALID_FROM, 0));
        chain.client(1).submit(last);
        ON_CHAIN.put(device, key);
      }
    }
    if (last != null) {
      assertEquals("OK", chain.client(1).awaitReceipt(last.hash(), FINAL).status());
    }
    Map<String, Ed25519PrivateKey> keys = new HashMap<>();
    devices.forEach(device -> keys.put(device, ON_CHAIN.get(device)));
    return keys;
  }

  private static Ed25519PrivateKey register(String device) throws Exception {
    return register(List.of(device)).get(device);
  }

  private static byte[] frame(String device, Ed25519PrivateKey key, long seq, List<Reading> readings) {
    TelemetryFrame unsigned = TestFrames.unsigned(device, key, seq, readings);
    return TestFrames.signed(unsigned, key);
  }

  private static void send(IngestJobConfig config, String device, byte[] frame) throws Exception {
    kafka.send(config.rawTopic(), device, frame);
  }

  private static void reject(IngestJobConfig config, Map<RejectReason, List<byte[]>> expected, RejectReason reason,
      String device, byte[] bytes) throws Exception {
    send(config, device, bytes);
    expected.computeIfAbsent(reason, r -> new ArrayList<>()).add(bytes);
  }

}
