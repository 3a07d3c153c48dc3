package io.cpchain.he.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.he.TestPipelineNode;
import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.contribution.ContributionSigner;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.TrafficDecryptor;
import io.cpchain.he.traffic.TrafficLayout;
import io.cpchain.he.traffic.TrafficWindow;
import io.cpchain.he.TestReadings;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.testing.CountersReporter;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.jobs.testing.RestartingEnvironment;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
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
 * Both traffic jobs on a Flink MiniCluster against a real KRaft Kafka broker: readings in, encrypted
 * contributions, encrypted window sums out; decrypted with the analyst's key, they equal the same
 * statistics computed over the plaintext readings, exactly once although the contribution job
 * crashes and restarts from a checkpoint in the middle of the stream; a reading or a contribution
 * after its window closed is a dead letter, never a silent drop. Attacks on the contribution topic:
 * fake vehicles (unsigned, or signed by a stranger) and a replayed contribution are dead letters,
 * so a one-vehicle segment stays one vehicle.
 */
class TrafficAggregationJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(CountersReporter.install(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final long WINDOW_MS = 10_000;
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(4);
  /** Fewer than a subtask's share of the first window's readings, so the crash hits the second's. */
  private static final int FAIL_AFTER_READINGS = 5;
  /** Segments in two regions, so that a vehicle can contribute two ciphertexts to one window. */
  private static final int[] SEGMENTS = {3, 17, 250, 1023, 1024, 1500};
  /** Above the largest real contribution (about 420 KiB), below the test producer's 1 MiB. */
  private static final int MAX_CONTRIBUTION_BYTES = 700_000;
  /** Driven by veh-1 alone in the first window. */
  private static final int ONE_VEHICLE_SEGMENT = 5;

  private static KafkaTestBroker kafka;
  private static TestPipelineNode pipelineNode;

  @BeforeAll
  static void startKafka(@TempDir Path keyDir) throws Exception {
    kafka = new KafkaTestBroker();
    pipelineNode = TestPipelineNode.create(keyDir);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @Test
  void decryptedWindowSumsEqualThePlaintextComputationExactlyOnce() throws Exception {
    // Every reading partition gets the later readings that close windows, so the contribution job
    // needs no idleness (which, after its restart, could run one partition's event time ahead of
    // another's replay); contributions may all hash to one partition, so the aggregation needs it.
    TrafficJobConfig config = config(Duration.ofSeconds(60));
    TrafficJobConfig aggregationConfig = config(Duration.ofSeconds(1));
    kafka.createTopic(config.validTopic(), 2, Map.of());
    kafka.createTopic(config.contributionTopic(), 2, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    kafka.createTopic(config.encryptedTopic(), 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    kafka.createTopic(config.deadLetterTopic(), 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    HeKeyPair keys = HeKeyPair.generate(TrafficLayout.PARAMETERS);

    // The contribution job crashes once mid-stream, with vehicles' windows half counted in its state.
    JobClient contributions = start(config, env -> {
      DataStream<ValidReading> readings = TrafficContributionJob.readValid(env, config)
          .map(new FailOnceAfterCheckpoint<>(FAIL_AFTER_READINGS)).returns(ValidReading.class).name("inject failure");
      TrafficContributionJob.Outputs outputs = TrafficContributionJob.pipeline(readings, config, keys.publicKey());
      TrafficContributionJob.writeContributions(outputs.contributions(), config);
      LateRecords.write(outputs.deadLetters(), config.bootstrapServers(), config.kafka().properties(),
          "it-contrib-dlq", config.deadLetterTopic());
    }, TrafficContributionJob.JOB_NAME);
    JobClient aggregation = start(aggregationConfig, env -> TrafficAggregationJob.configure(env, aggregationConfig),
        TrafficAggregationJob.JOB_NAME);
    try {
      long w0 = (System.currentTimeMillis() / WINDOW_MS - 20) * WINDOW_MS;
      AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
      Random random = new Random(42);
      long sent = 0;
      List<String> devices = List.of("veh-1", "veh-2", "veh-3", "veh-4", "veh-5", "veh-6", "veh-7");
      // Expected, from the plaintext: per window start and segment, the five sums, and contributions.
      Map<Long, Map<Integer, long[]>> expected = new TreeMap<>();
      Map<Long, Set<String>> contributors = new TreeMap<>();
      for (int w = 0; w < 2; w++) {
        long start = w0 + w * WINDOW_MS;
        if (w == 1) {
          // A checkpoint covers the first window's readings before the second's come: the crash hits those.
          awaitCommitted(config.contributionGroup(), config.validTopic(), sent);
        }
        for (String device : devices) {
          Map<Integer, Boolean> seen = new TreeMap<>();
          List<Reading> drive = new ArrayList<>();
          for (int i = 0; i < 5 + random.nextInt(10); i++) {
            drive.add(TestReadings.reading(start + random.nextInt((int) WINDOW_MS),
                SEGMENTS[random.nextInt(SEGMENTS.length)], random.nextInt(1300) / 10f, random.nextInt(5) == 0));
          }
          if (w == 0 && device.equals("veh-1")) {
            // The one vehicle on this segment: under k = 3 the analyst must withhold it.
            drive.add(TestReadings.reading(start + 5_000, ONE_VEHICLE_SEGMENT, 33.3f, false));
          }
          for (int i = 0; i < drive.size(); i++) {
            Reading reading = drive.get(i);
            int segment = reading.getRoadSegmentId();
            send(config, messages, device, i, reading);
            sent++;
            long speed = Math.round(reading.getSpeedKmh() * 10.0);
            long[] sums = expected.computeIfAbsent(start, s -> new TreeMap<>()).computeIfAbsent(segment, s -> new long[5]);
            sums[0] += seen.put(segment, true) == null ? 1 : 0;
            sums[1]++;
            sums[2] += speed;
            sums[3] += speed * speed;
            sums[4] += reading.getHarshBraking() ? 1 : 0;
            contributors.computeIfAbsent(start, s -> new HashSet<>()).add(device + "/" + TrafficLayout.region(segment));
          }
        }
      }
      // Later readings move event time on. The first closes the two windows in the contribution job;
      // once their contributions are committed, the second closes the first's window, whose
      // contributions move the aggregation past both (as time moving on does in a live stream,
      // where windows close one after another rather than all at once).
      for (String device : devices) {
        send(config, messages, device, 100, TestReadings.reading(w0 + 6 * WINDOW_MS, 1, 50, false));
      }
      int contributed = contributors.values().stream().mapToInt(Set::size).sum();
      List<byte[]> genuine = kafka.readCommitted(config.contributionTopic(), contributed, OUTPUT_TIMEOUT, Duration.ZERO);
      // Attacks while the first window is still open in the aggregation: a genuine contribution
      // replayed, and two fake vehicles on the one-vehicle segment (the analytics key is public).
      AvroMessages<TrafficContribution> contributionMessages = AvroMessages.of(TrafficContribution.class);
      for (byte[] value : genuine) {
        if (contributionMessages.decode(value).getWindowStartMs() == w0) {
          kafka.send(config.contributionTopic(), "replay", value);
          break;
        }
      }
      for (TrafficContribution forged : forgedVehicles(keys, w0, "fake-1", "fake-2")) {
        kafka.send(config.contributionTopic(), forged.getDeviceId(), contributionMessages.encode(forged));
      }
      for (String device : devices) {
        send(config, messages, device, 101, TestReadings.reading(w0 + 12 * WINDOW_MS, 1, 50, false));
      }

      AvroMessages<EncryptedTrafficWindow> windows = AvroMessages.of(EncryptedTrafficWindow.class);
      List<EncryptedTrafficWindow> out = new ArrayList<>();
      for (byte[] value : kafka.readCommitted(config.encryptedTopic(), 4, OUTPUT_TIMEOUT, QUIET)) {
        out.add(windows.decode(value));
      }
      Map<Long, Map<Integer, long[]>> actual = new TreeMap<>();
      Map<Long, Integer> actualContributions = new TreeMap<>();
      Set<String> seenWindows = new HashSet<>();
      try (TrafficDecryptor decryptor = new TrafficDecryptor(keys.secretKey())) {
        for (EncryptedTrafficWindow encrypted : out) {
          assertTrue(seenWindows.add(encrypted.getWindowStartMs() + "/" + encrypted.getRegion()),
              "each window and region exactly once");
          assertEquals(keys.secretKey().keyId(), encrypted.getKeyId());
          TrafficWindow window = decryptor.decrypt(encrypted);
          actualContributions.merge(window.windowStartMs(), window.contributions(), Integer::sum);
          for (SegmentTraffic segment : window.segments()) {
            assertEquals(window.region(), TrafficLayout.region(segment.segment()));
            actual.computeIfAbsent(window.windowStartMs(), s -> new TreeMap<>()).put(segment.segment(), new long[] {
                segment.vehicles(), segment.readings(), segment.speedDeciKmhSum(), segment.speedDeciKmhSquaredSum(),
                segment.harshBrakings()});
          }
        }
      }
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the contribution job must have failed and restarted");
      assertEquals(4, out.size(), "two windows, two regions each: " + seenWindows);
      assertEquals(render(expected), render(actual));
      assertEquals(1, actual.get(w0).get(ONE_VEHICLE_SEGMENT)[0], "one vehicle: withheld under k = 3");
      Map<Long, Integer> expectedContributions = new TreeMap<>();
      contributors.forEach((start, set) -> expectedContributions.put(start, set.size()));
      assertEquals(expectedContributions, actualContributions);

      // The jobs' metrics, as the Web UI shows them, count the same. The contribution job's restarted
      // tasks count afresh; they closed every window, and later readings may have closed more.
      assertTrue(CountersReporter.sum(TrafficContributionJob.JOB_NAME, JobMetrics.RECORDS_IN) >= devices.size());
      assertTrue(CountersReporter.sum(TrafficContributionJob.JOB_NAME, JobMetrics.RECORDS_OUT) >= contributed);
      assertEquals(contributed, CountersReporter.sum(TrafficAggregationJob.JOB_NAME, JobMetrics.RECORDS_IN));
      assertEquals(contributed,
          CountersReporter.sum(TrafficAggregationJob.JOB_NAME, JobMetrics.CONTRIBUTIONS_AGGREGATED));
      assertEquals(4, CountersReporter.sum(TrafficAggregationJob.JOB_NAME, JobMetrics.RECORDS_OUT));

      // Both windows have closed in both jobs: a reading for the first, and a contribution for it,
      // come too late. Neither changes a sum; each is a dead letter that keeps it whole.
      ValidReading lateReading = send(config, messages, "veh-1", 102, TestReadings.reading(w0 + 1, 3, 42, false));
      TrafficContribution lateContribution = pipelineNode.signer().sign(ContributionKind.TRAFFIC, TrafficContribution.newBuilder(
              AvroMessages.of(TrafficContribution.class).decode(
                  kafka.readCommitted(config.contributionTopic(), contributed, OUTPUT_TIMEOUT, Duration.ZERO).get(0)))
          .setDeviceId("veh-late").setWindowStartMs(w0).setWindowEndMs(w0 + WINDOW_MS).build());
      kafka.send(config.contributionTopic(), "late",
          AvroMessages.of(TrafficContribution.class).encode(lateContribution));
      // A record anyone can write, over the topic's maximum record size: skipped before it is decoded.
      kafka.send(config.contributionTopic(), "oversized", AvroMessages.of(TrafficContribution.class).encode(
          TrafficContribution.newBuilder().setKeyId(keys.publicKey().keyId()).setRegion(0).setDeviceId("oversized")
              .setWindowStartMs(w0).setWindowEndMs(w0 + WINDOW_MS)
              .setCiphertext(ByteBuffer.wrap(new byte[MAX_CONTRIBUTION_BYTES + 1])).build()));
      AvroMessages<DeadLetter> letters = AvroMessages.of(DeadLetter.class);
      Map<String, DeadLetter> bySource = new TreeMap<>();
      Map<RejectReason, List<DeadLetter>> byReason = new TreeMap<>();
      for (byte[] value : kafka.readCommitted(config.deadLetterTopic(), 5, OUTPUT_TIMEOUT, QUIET)) {
        DeadLetter letter = letters.decode(value);
        byReason.computeIfAbsent(letter.getReason(), r -> new ArrayList<>()).add(letter);
        if (letter.getReason() == RejectReason.LATE_EVENT) {
          assertTrue(bySource.put(letter.getSourceTopic(), letter) == null, "one dead letter per late record");
        }
      }
      // The forged vehicles and the replay are refused, each once, with why.
      Map<String, String> badSignatures = new TreeMap<>();
      byReason.get(RejectReason.BAD_SIGNATURE).forEach(d -> badSignatures.put(d.getDeviceId(), d.getDetail()));
      assertEquals(Set.of("fake-1", "fake-2"), badSignatures.keySet(), byReason.toString());
      assertTrue(badSignatures.get("fake-1").endsWith(": unsigned"), badSignatures.toString());
      assertTrue(badSignatures.get("fake-2").contains(", not a trusted pipeline node"), badSignatures.toString());
      assertEquals(1, byReason.get(RejectReason.DUPLICATE_CONTRIBUTION).size(), byReason.toString());
      assertTrue(byReason.get(RejectReason.DUPLICATE_CONTRIBUTION).get(0).getDetail()
          .endsWith("already counted; the first stands"), byReason.toString());
      assertEquals(2, byReason.get(RejectReason.LATE_EVENT).size(), byReason.toString());
      assertEquals(3, byReason.size(), byReason.toString());
      assertEquals(Set.of(config.validTopic(), config.contributionTopic()), bySource.keySet());
      assertEquals(lateReading, messages.decode(Bytes.of(bySource.get(config.validTopic()).getOriginalBytes())));
      assertEquals(lateContribution, AvroMessages.of(TrafficContribution.class)
          .decode(Bytes.of(bySource.get(config.contributionTopic()).getOriginalBytes())));
      assertEquals("veh-late", bySource.get(config.contributionTopic()).getDeviceId());
      assertEquals(4, kafka.readCommitted(config.encryptedTopic(), 4, OUTPUT_TIMEOUT, QUIET).size(),
          "no window is summed again");
    } finally {
      contributions.cancel().get();
      aggregation.cancel().get();
    }
  }

  /**
   * Contributions an attacker writes: each says one vehicle drove {@link #ONE_VEHICLE_SEGMENT} once.
   * The first is unsigned, the others signed with a key of the attacker's own.
   */
  private static List<TrafficContribution> forgedVehicles(HeKeyPair keys, long windowStartMs, String... devices) {
    ContributionSigner stranger = new ContributionSigner(AccountPrivateKey.generate());
    long[] slots = new long[TrafficLayout.PARAMETERS.slotCount()];
    slots[TrafficLayout.slot(TrafficLayout.Metric.VEHICLES, ONE_VEHICLE_SEGMENT)] = 1;
    slots[TrafficLayout.slot(TrafficLayout.Metric.READINGS, ONE_VEHICLE_SEGMENT)] = 1;
    List<TrafficContribution> forged = new ArrayList<>();
    try (ContributionEncryptor encryptor = new ContributionEncryptor(keys.publicKey())) {
      for (String device : devices) {
        TrafficContribution contribution = TrafficContribution.newBuilder().setKeyId(encryptor.keyId())
            .setRegion(TrafficLayout.region(ONE_VEHICLE_SEGMENT)).setDeviceId(device)
            .setWindowStartMs(windowStartMs).setWindowEndMs(windowStartMs + WINDOW_MS)
            .setCiphertext(ByteBuffer.wrap(encryptor.encrypt(slots))).build();
        forged.add(forged.isEmpty() ? contribution : stranger.sign(ContributionKind.TRAFFIC, contribution));
      }
    }
    return forged;
  }

  private static ValidReading send(TrafficJobConfig config, AvroMessages<ValidReading> messages, String device,
      int index, Reading reading) throws Exception {
    ValidReading valid = new ValidReading(device, "owner-of-" + device, (long) index, ByteBuffer.allocate(32), 0, reading);
    kafka.send(config.validTopic(), device, messages.encode(valid));
    return valid;
  }

  private static TrafficJobConfig config(Duration idleness) {
    List<String> args = new ArrayList<>(pipelineNode.settings());
    args.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(),
        "--valid-topic", "it.valid", "--contribution-topic", "it.contrib", "--encrypted-topic", "it.encrypted",
        "--dead-letter-topic", "it.dlq",
        "--group-id", "it", "--transactional-id-prefix", "it", "--parallelism", "2",
        "--checkpoint-interval", "500ms", "--window", WINDOW_MS + "ms", "--out-of-orderness", "1s",
        "--aggregation-delay", "20s", "--max-contribution-bytes", Integer.toString(MAX_CONTRIBUTION_BYTES),
        "--idleness", idleness.toMillis() + "ms"));
    return TrafficJobConfig.fromArgs(args.toArray(String[]::new));
  }

  /** Waits until the group's committed offsets (a completed checkpoint) cover {@code records}. */
  private static void awaitCommitted(String groupId, String topic, long records) throws Exception {
    long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        long committed = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get().entrySet()
            .stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .mapToLong(e -> e.getValue().offset()).sum();
        if (committed >= records) {
          return;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("no checkpoint covered the first " + records + " readings");
  }

  private static String render(Map<Long, Map<Integer, long[]>> sums) {
    StringBuilder text = new StringBuilder();
    sums.forEach((start, segments) -> segments.forEach((segment, values) ->
        text.append(start).append(" segment ").append(segment).append(": ").append(java.util.Arrays.toString(values))
            .append('\n')));
    return text.toString();
  }

  private static JobClient start(TrafficJobConfig config, Job job, String name) throws Exception {
    StreamExecutionEnvironment env = RestartingEnvironment.create(TrafficAggregationJob.jobConfiguration(),
        config.parallelism(), config.checkpointInterval());
    job.configure(env);
    return env.executeAsync(name);
  }

  @FunctionalInterface
  private interface Job {
    void configure(StreamExecutionEnvironment env);
  }
}
