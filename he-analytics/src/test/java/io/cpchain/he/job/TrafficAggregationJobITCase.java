package io.cpchain.he.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.TrafficDecryptor;
import io.cpchain.he.traffic.TrafficLayout;
import io.cpchain.he.traffic.TrafficWindow;
import io.cpchain.he.TestReadings;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both traffic jobs on a Flink MiniCluster against a real KRaft Kafka broker: readings in, encrypted
 * contributions, encrypted window sums out; decrypted with the analyst's key, they equal the same
 * statistics computed over the plaintext readings.
 */
class TrafficAggregationJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final long WINDOW_MS = 10_000;
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(4);
  /** Segments in two regions, so that a vehicle can contribute two ciphertexts to one window. */
  private static final int[] SEGMENTS = {3, 17, 250, 1023, 1024, 1500};

  private static KafkaTestBroker kafka;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = new KafkaTestBroker();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    kafka.close();
  }

  @Test
  void decryptedWindowSumsEqualThePlaintextComputationExactlyOnce() throws Exception {
    TrafficJobConfig config = TrafficJobConfig.fromArgs("--bootstrap-servers", kafka.bootstrapServers(),
        "--valid-topic", "it.valid", "--contribution-topic", "it.contrib", "--encrypted-topic", "it.encrypted",
        "--group-id", "it", "--transactional-id-prefix", "it", "--parallelism", "2",
        "--checkpoint-interval", "500ms", "--window", WINDOW_MS + "ms", "--out-of-orderness", "1s",
        "--idleness", "1s");
    kafka.createTopic(config.validTopic(), 2, Map.of());
    kafka.createTopic(config.contributionTopic(), 2, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    kafka.createTopic(config.encryptedTopic(), 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    AnalyticsKeyFile[] keys = AnalyticsKeyFile.generate();

    JobClient contributions = start(env -> TrafficContributionJob.configure(env, config, keys[1]),
        TrafficContributionJob.JOB_NAME);
    JobClient aggregation = start(env -> TrafficAggregationJob.configure(env, config), TrafficAggregationJob.JOB_NAME);
    try {
      long w0 = (System.currentTimeMillis() / WINDOW_MS - 20) * WINDOW_MS;
      AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
      Random random = new Random(42);
      List<String> devices = List.of("veh-1", "veh-2", "veh-3", "veh-4", "veh-5", "veh-6", "veh-7");
      // Expected, from the plaintext: per window start and segment, the five sums, and contributions.
      Map<Long, Map<Integer, long[]>> expected = new TreeMap<>();
      Map<Long, Set<String>> contributors = new TreeMap<>();
      for (int w = 0; w < 2; w++) {
        long start = w0 + w * WINDOW_MS;
        for (String device : devices) {
          Map<Integer, Boolean> seen = new TreeMap<>();
          for (int i = 0; i < 5 + random.nextInt(10); i++) {
            int segment = SEGMENTS[random.nextInt(SEGMENTS.length)];
            Reading reading = TestReadings.reading(start + random.nextInt((int) WINDOW_MS), segment,
                random.nextInt(1300) / 10f, random.nextInt(5) == 0);
            send(config, messages, device, i, reading);
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
      // Later readings move event time on: the first closes the windows above in the contribution
      // job, the second closes the first's window, whose contribution moves the aggregation on.
      send(config, messages, "flush", 0, TestReadings.reading(w0 + 5 * WINDOW_MS, 1, 50, false));
      send(config, messages, "flush", 1, TestReadings.reading(w0 + 10 * WINDOW_MS, 1, 50, false));

      AvroMessages<EncryptedTrafficWindow> windows = AvroMessages.of(EncryptedTrafficWindow.class);
      List<EncryptedTrafficWindow> out = new ArrayList<>();
      for (byte[] value : kafka.readCommitted(config.encryptedTopic(), 4, OUTPUT_TIMEOUT, QUIET)) {
        out.add(windows.decode(value));
      }
      Map<Long, Map<Integer, long[]>> actual = new TreeMap<>();
      Map<Long, Integer> actualContributions = new TreeMap<>();
      Set<String> seenWindows = new HashSet<>();
      try (TrafficDecryptor decryptor = new TrafficDecryptor(keys[0])) {
        for (EncryptedTrafficWindow encrypted : out) {
          assertTrue(seenWindows.add(encrypted.getWindowStartMs() + "/" + encrypted.getRegion()),
              "each window and region exactly once");
          assertEquals(keys[0].keyId(), encrypted.getKeyId());
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
      assertEquals(4, out.size(), "two windows, two regions each: " + seenWindows);
      assertEquals(render(expected), render(actual));
      Map<Long, Integer> expectedContributions = new TreeMap<>();
      contributors.forEach((start, set) -> expectedContributions.put(start, set.size()));
      assertEquals(expectedContributions, actualContributions);
    } finally {
      contributions.cancel().get();
      aggregation.cancel().get();
    }
  }

  private static void send(TrafficJobConfig config, AvroMessages<ValidReading> messages, String device, int index,
      Reading reading) throws Exception {
    ValidReading valid = new ValidReading(device, "owner-of-" + device, (long) index, ByteBuffer.allocate(32), 0, reading);
    kafka.send(config.validTopic(), device, messages.encode(valid));
  }

  private static String render(Map<Long, Map<Integer, long[]>> sums) {
    StringBuilder text = new StringBuilder();
    sums.forEach((start, segments) -> segments.forEach((segment, values) ->
        text.append(start).append(" segment ").append(segment).append(": ").append(java.util.Arrays.toString(values))
            .append('\n')));
    return text.toString();
  }

  private static JobClient start(Job job, String name) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(TrafficAggregationJob.jobConfiguration());
    job.configure(env);
    return env.executeAsync(name);
  }

  @FunctionalInterface
  private interface Job {
    void configure(StreamExecutionEnvironment env);
  }
}
