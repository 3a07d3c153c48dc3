package io.cpchain.he.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.TestPipelineNode;
import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.contribution.ContributionSigner;
import io.cpchain.he.insurance.Consent;
import io.cpchain.he.insurance.ConsentSet;
import io.cpchain.he.insurance.DeviceFeatures;
import io.cpchain.he.insurance.Feature;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.insurance.Pseudonyms;
import io.cpchain.he.insurance.ScoreDecryptor;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.he.traffic.TrafficLayout;
import io.cpchain.jobs.config.JobDefaults;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.testing.CountersReporter;
import io.cpchain.jobs.testing.FailOnceAfterCheckpoint;
import io.cpchain.jobs.testing.KafkaTestBroker;
import io.cpchain.jobs.testing.RestartingEnvironment;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ScoredPeriod;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
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
 * Both insurance jobs on a Flink MiniCluster against a real KRaft Kafka broker: readings in,
 * encrypted features of consenting drivers, packed encrypted scores out. Decrypted with the
 * insurer's key, every driver-period's score equals the plaintext model on the same readings
 * within 1e-3, exactly once although the scoring job crashes mid-stream; a driver without consent
 * is never scored, consent given or revoked mid-period counts from the next period, and foreign
 * ciphertexts go to the dead letters with their reason, as do a replayed contribution and one made
 * up for a driver (unsigned): neither changes a score.
 */
class InsuranceScoringJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(CountersReporter.install(new Configuration()))
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  private static final long PERIOD_MS = 10_000;
  private static final long WINDOW_MS = 2_000;
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration QUIET = Duration.ofSeconds(4);
  private static final String INSURER = "0x00000000000000000000000000000000000000aa";

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
  void consentingDriversAreScoredLikeThePlaintextModelExactlyOnce() throws Exception {
    InsuranceJobConfig config = config(Duration.ofSeconds(60));
    InsuranceJobConfig scoringConfig = config(Duration.ofSeconds(1));
    kafka.createTopic(config.validTopic(), 2, Map.of());
    kafka.createTopic(config.featuresTopic(), 2, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    kafka.createTopic(config.scoresTopic(), 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    kafka.createTopic(config.deadLetterTopic(), 1, Map.of("max.message.bytes", Integer.toString(4 << 20)));
    InsurerKeys keys = InsurerKeys.generate();
    InsuranceModel model = InsuranceModel.read(Path.of("../../flink-conf/models/example-ubi.properties"));
    long p0 = (System.currentTimeMillis() / PERIOD_MS - 10) * PERIOD_MS;
    ConsentSet consents = new ConsentSet(List.of(
        new Consent("veh-a", INSURER, 0, null),
        new Consent("veh-b", INSURER, 0, null),
        new Consent("veh-c", INSURER.toUpperCase().replace("0X", "0x"), 0, null),
        // Revoked during period 0: scored for period 0 only.
        new Consent("veh-d", INSURER, 0, p0 + 3_000),
        // Granted during period 0: scored from period 1.
        new Consent("veh-e", INSURER, p0 + 5_000, null),
        // Another insurer's consent is none for this one.
        new Consent("veh-x", "0x00000000000000000000000000000000000000bb", 0, null)));
    List<String> devices = List.of("veh-a", "veh-b", "veh-c", "veh-d", "veh-e", "veh-x");

    JobClient contributions = start(config, env ->
        InsuranceContributionJob.configure(env, config, keys.publicKey(), model, consents), InsuranceContributionJob.JOB_NAME);
    FailOnceAfterCheckpoint.FAILED.set(false);
    JobClient scoring = start(scoringConfig, env -> {
      DataStream<InsuranceContribution> in = InsuranceScoringJob.readContributions(env, scoringConfig);
      var checked = InsuranceScoringJob.check(in, scoringConfig, keys.evaluationKeys(), model);
      DataStream<InsuranceContribution> crashing = checked.contributions().map(new FailOnceAfterCheckpoint<>(7))
          .returns(InsuranceContribution.class).name("inject failure");
      var sums = InsuranceScoringJob.sum(crashing, scoringConfig);
      InsuranceScoringJob.score(sums, scoringConfig, keys.evaluationKeys(), model)
          .sinkTo(io.cpchain.jobs.sink.ExactlyOnceKafkaSink.create(scoringConfig.bootstrapServers(), scoringConfig.kafka().properties(),
              "it-score",
              new io.cpchain.jobs.serde.AvroRecordSerializer<>(scoringConfig.scoresTopic(), ScoredPeriod.class,
                  s -> "p", s -> s.getPeriodEndMs() - 1)));
      checked.deadLetters().union(InsuranceScoringJob.lateContributions(sums, scoringConfig))
          .sinkTo(io.cpchain.jobs.sink.ExactlyOnceKafkaSink.create(scoringConfig.bootstrapServers(), scoringConfig.kafka().properties(),
              "it-dlq",
              new io.cpchain.jobs.serde.AvroRecordSerializer<>(scoringConfig.deadLetterTopic(), DeadLetter.class,
                  d -> "d", DeadLetter::getRejectedAtMs)));
    }, InsuranceScoringJob.JOB_NAME);
    try {
      AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
      Random random = new Random(7);
      // Expected: per period and device, the features as the gateway measures them (window by window), summed.
      Map<String, double[]> expected = new TreeMap<>();
      int expectedContributions = 0;
      // Readings go out in event-time order across all devices, as a live fleet sends them: a device
      // sent after another one's whole two periods would be late behind the gateway's watermark.
      Map<String, Double> odometers = new TreeMap<>();
      devices.forEach(d -> odometers.put(d, 1000.0));
      for (int period = 0; period < 2; period++) {
        for (long window = 0; window < PERIOD_MS / WINDOW_MS; window++) {
          Map<String, double[]> measuredOf = new TreeMap<>();
          long start = p0 + period * PERIOD_MS + window * WINDOW_MS;
          for (long t = start; t < start + WINDOW_MS; t += 700) {
            for (String device : devices) {
              float speed = random.nextInt(1300) / 10f;
              double odometer = odometers.merge(device, speed / 3600.0 * 0.7, Double::sum);
              Reading reading = reading(t, speed, odometer, random.nextInt(4) == 0, random.nextInt(5) == 0);
              send(config, messages, device, reading);
              DeviceFeatures.add(measuredOf.computeIfAbsent(device, d -> DeviceFeatures.empty()), reading, model);
            }
          }
          for (String device : devices) {
            double[] measured = measuredOf.get(device);
            if (consents.covers(device, INSURER, p0 + period * PERIOD_MS)) {
              double[] total = expected.computeIfAbsent(period + "/" + device,
                  k -> new double[Feature.values().length]);
              double[] features = DeviceFeatures.features(measured);
              for (int f = 0; f < total.length; f++) {
                total[f] += features[f];
              }
              expectedContributions++;
            }
          }
        }
      }
      assertEquals(8, expected.size(), "a-c both periods, d the first, e the second, x never: " + expected.keySet());
      // Foreign ciphertexts: under another insurer's key, and not CKKS at all (a traffic BFV one).
      sendForeign(config, keys, model, p0);

      // Event time moves on: the first closes every window of both periods in the gateway job; once
      // their contributions are committed, the second closes the first's window, whose contributions
      // move the scoring past both periods (as time moving on does in a live stream).
      for (String device : devices) {
        send(config, messages, device, reading(p0 + 4 * PERIOD_MS, 50, 5000, false, false));
      }
      List<byte[]> published =
          kafka.readCommitted(config.featuresTopic(), expectedContributions + 2, OUTPUT_TIMEOUT, Duration.ZERO);
      // Attacks while period 1 is still open in the scoring: veh-a's contribution replayed, and a
      // contribution made up for veh-b (the insurer's key and the pseudonym rule are public).
      AvroMessages<InsuranceContribution> contributionMessages = AvroMessages.of(InsuranceContribution.class);
      String driverA = Pseudonyms.of(keys.publicKey().keyId(), "veh-a");
      for (byte[] value : published) {
        InsuranceContribution genuine = contributionMessages.decode(value);
        if (genuine.getDriver().equals(driverA) && genuine.getWindowStartMs() >= p0 + PERIOD_MS) {
          kafka.send(config.featuresTopic(), driverA, value);
          break;
        }
      }
      kafka.send(config.featuresTopic(), "forged", contributionMessages.encode(forged(keys, model, "veh-b",
          p0 + PERIOD_MS)));
      for (String device : devices) {
        send(config, messages, device, reading(p0 + 8 * PERIOD_MS, 50, 5001, false, false));
      }

      AvroMessages<ScoredPeriod> scored = AvroMessages.of(ScoredPeriod.class);
      List<ScoredPeriod> out = new ArrayList<>();
      for (byte[] value : kafka.readCommitted(config.scoresTopic(), 2, OUTPUT_TIMEOUT, QUIET)) {
        out.add(scored.decode(value));
      }
      AvroMessages<DeadLetter> letters = AvroMessages.of(DeadLetter.class);
      List<DeadLetter> dead = new ArrayList<>();
      for (byte[] value : kafka.readCommitted(config.deadLetterTopic(), 4, OUTPUT_TIMEOUT, QUIET)) {
        dead.add(letters.decode(value));
      }
      assertTrue(FailOnceAfterCheckpoint.FAILED.get(), "the scoring job must have failed and restarted");
      assertEquals(2, out.size(), "one packed ciphertext per period, exactly once");
      Map<String, String> deviceOf = new TreeMap<>();
      devices.forEach(d -> deviceOf.put(Pseudonyms.of(keys.secretKey().keyId(), d), d));
      Map<String, Double> actual = new TreeMap<>();
      try (ScoreDecryptor insurer = new ScoreDecryptor(keys.secretKey())) {
        for (ScoredPeriod period : out) {
          assertEquals(model.id(), period.getModelId());
          assertEquals(model.version(), period.getModelVersion());
          double[] slots = insurer.slots(period);
          int periodIndex = (int) ((period.getPeriodStartMs() - p0) / PERIOD_MS);
          for (int j = 0; j < period.getDrivers().size(); j++) {
            String device = deviceOf.get(period.getDrivers().get(j));
            assertEquals((int) (PERIOD_MS / WINDOW_MS), period.getContributions().get(j), device + ", dead letters "
                + dead.stream().map(d -> d.getReason() + " " + d.getDetail()).toList());
            assertTrue(actual.put(periodIndex + "/" + device, slots[j]) == null, "scored once: " + device);
          }
          for (int s = period.getDrivers().size(); s < slots.length; s++) {
            assertEquals(0, slots[s], 1e-3, "slot " + s + " past the scores");
          }
        }
      }
      assertEquals(expected.keySet(), actual.keySet());
      expected.forEach((key, features) -> assertEquals(model.score(features), actual.get(key), 1e-3, key));

      assertEquals(4, dead.size(), dead.toString());
      // The replay and the made-up contribution are refused, and veh-a's and veh-b's scores above stand.
      assertTrue(dead.stream().anyMatch(d -> d.getReason() == RejectReason.DUPLICATE_CONTRIBUTION
          && d.getDetail().startsWith("driver " + driverA)), dead.toString());
      assertTrue(dead.stream().anyMatch(d -> d.getReason() == RejectReason.BAD_SIGNATURE
          && d.getDetail().endsWith(": unsigned")), dead.toString());
      assertTrue(dead.stream().anyMatch(d -> d.getReason() == RejectReason.INCONSISTENT
          && d.getDetail().contains("the insurer's key is " + keys.secretKey().keyId())), dead.toString());
      assertTrue(dead.stream().anyMatch(d -> d.getReason() == RejectReason.UNDECODABLE
          && d.getDetail().contains("not a ciphertext for the scoring parameters")), dead.toString());

      // The jobs' metrics, as the Web UI shows them, count the same. The scoring job's restarted tasks
      // count afresh: the failure came before any period was scored, so they summed and scored them all.
      assertTrue(CountersReporter.sum(InsuranceContributionJob.JOB_NAME, JobMetrics.RECORDS_OUT)
          >= expectedContributions);
      assertEquals(expectedContributions,
          CountersReporter.sum(InsuranceScoringJob.JOB_NAME, JobMetrics.CONTRIBUTIONS_AGGREGATED));
      assertEquals(expected.size(), CountersReporter.sum(InsuranceScoringJob.JOB_NAME, JobMetrics.DRIVERS_SCORED));
      assertEquals(2, CountersReporter.sum(InsuranceScoringJob.JOB_NAME, JobMetrics.RECORDS_OUT));
    } finally {
      contributions.cancel().get();
      scoring.cancel().get();
    }
  }

  private static void sendForeign(InsuranceJobConfig config, InsurerKeys keys, InsuranceModel model, long p0)
      throws Exception {
    InsurerKeys other = InsurerKeys.generate();
    HeKeyPair traffic = HeKeyPair.generate(TrafficLayout.PARAMETERS);
    byte[] otherCiphertext;
    byte[] bfvCiphertext;
    try (ContributionEncryptor otherInsurer = new ContributionEncryptor(other.publicKey());
        ContributionEncryptor analytics = new ContributionEncryptor(traffic.publicKey())) {
      otherCiphertext = otherInsurer.encrypt(ScoringLayout.contribution(new double[] {1, 1, 0, 0, 0, 0}),
          ScoringLayout.SCALE);
      bfvCiphertext = analytics.encrypt(new long[TrafficLayout.PARAMETERS.slotCount()]);
    }
    AvroMessages<InsuranceContribution> messages = AvroMessages.of(InsuranceContribution.class);
    // Signed by the pipeline node, as a misconfigured gateway's would be: they reach the consistency checks.
    ContributionSigner signer = pipelineNode.signer();
    for (var foreign : List.of(Map.entry(other.publicKey().keyId(), otherCiphertext), Map.entry(keys.publicKey().keyId(), bfvCiphertext))) {
      kafka.send(config.featuresTopic(), "foreign", messages.encode(signer.sign(ContributionKind.INSURANCE,
          InsuranceContribution.newBuilder()
              .setKeyId(foreign.getKey()).setDriver("foreign-" + foreign.getKey()).setModelId(model.id())
              .setModelVersion(model.version()).setWindowStartMs(p0).setWindowEndMs(p0 + WINDOW_MS)
              .setCiphertext(ByteBuffer.wrap(foreign.getValue())).build())));
    }
  }

  /** What an attacker writes for {@code device}: a window of fast night driving, encrypted under the insurer's key. */
  private static InsuranceContribution forged(InsurerKeys keys, InsuranceModel model, String device,
      long windowStartMs) {
    try (ContributionEncryptor encryptor = new ContributionEncryptor(keys.publicKey())) {
      byte[] ciphertext = encryptor.encrypt(ScoringLayout.contribution(new double[] {500, 5, 5, 5, 50, 50}),
          ScoringLayout.SCALE);
      return InsuranceContribution.newBuilder()
          .setKeyId(encryptor.keyId()).setDriver(Pseudonyms.of(encryptor.keyId(), device))
          .setModelId(model.id()).setModelVersion(model.version())
          .setWindowStartMs(windowStartMs).setWindowEndMs(windowStartMs + WINDOW_MS)
          .setCiphertext(ByteBuffer.wrap(ciphertext)).build();
    }
  }

  private static Reading reading(long eventTimeMs, float speedKmh, double odometerKm, boolean harshBraking,
      boolean harshAcceleration) {
    return Reading.newBuilder()
        .setEventTimeMs(eventTimeMs).setLatitude(52.52).setLongitude(13.40).setSpeedKmh(speedKmh)
        .setHeadingDeg(90f).setRoadSegmentId(7).setOdometerKm(odometerKm).setLongitudinalAccelMs2(0.3f)
        .setHarshBraking(harshBraking).setHarshAcceleration(harshAcceleration).setEnergyLevelPct(77f).build();
  }

  private static void send(InsuranceJobConfig config, AvroMessages<ValidReading> messages, String device,
      Reading reading) throws Exception {
    ValidReading valid = new ValidReading(device, "owner-of-" + device, 0L, ByteBuffer.allocate(32), 0, reading);
    kafka.send(config.validTopic(), device, messages.encode(valid));
  }

  /** The scoring delay spans both periods: the contribution job publishes all their windows at once. */
  private static InsuranceJobConfig config(Duration idleness) {
    List<String> args = new ArrayList<>(pipelineNode.settings());
    args.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(),
        "--valid-topic", "it.valid", "--features-topic", "it.features", "--scores-topic", "it.scores",
        "--dead-letter-topic", "it.dlq", "--group-id", "it", "--transactional-id-prefix", "it", "--parallelism", "2",
        "--checkpoint-interval", "500ms", "--contribution-window", WINDOW_MS + "ms", "--period", PERIOD_MS + "ms",
        "--out-of-orderness", "1s", "--scoring-delay", "20s", "--idleness", idleness.toMillis() + "ms",
        "--insurer", INSURER));
    return InsuranceJobConfig.fromArgs(args.toArray(String[]::new));
  }

  private static JobClient start(InsuranceJobConfig config, Job job, String name) throws Exception {
    StreamExecutionEnvironment env = RestartingEnvironment.create(JobDefaults.configuration(),
        config.parallelism(), config.checkpointInterval());
    job.configure(env);
    return env.executeAsync(name);
  }

  @FunctionalInterface
  private interface Job {
    void configure(StreamExecutionEnvironment env);
  }
}
