package io.cpchain.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.stack.FreePorts;
import io.cpchain.cli.stack.KafkaService;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.TelemetryFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet meets an outage of its only Kafka broker as vehicles behind a store-and-forward gateway
 * do: they go on framing on their own schedule, and once the broker is back every frame arrives with
 * its own time, so no reading is older than its frame by more than the fleet's cadence, let alone
 * by the ingest job's lateness bound. A fleet that waited on the blocked producer packed the outage
 * into its next frames, and the ingest job rightly dead-lettered those readings as late.
 */
class BrokerOutageITCase {

  private static final int DEVICES = 20;
  private static final int FRAMES_PER_SECOND = 100;
  private static final Duration DRIVE = Duration.ofSeconds(25);
  /** How long the broker stays dead: longer than the ingest job's default lateness bound. */
  private static final Duration OUTAGE = Duration.ofSeconds(12);
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path workDir;
  private KafkaService kafka;

  @AfterEach
  void stop() {
    if (kafka != null) {
      kafka.processes().forEach(broker -> broker.stop(Duration.ofSeconds(10)));
    }
  }

  @Test
  void framesMadeWhileTheOnlyBrokerIsDownArriveAfterItWithTheirOwnTimes() throws Exception {
    StackConfig config = new StackConfig(workDir, FreePorts.range(2), 1, 0, 0, 0, 0);
    kafka = new KafkaService(config);
    kafka.start();
    kafka.awaitReadyAndCreateTopics(STEP_TIMEOUT);
    Fleet fleet = Fleet.loadOrCreate(workDir, DEVICES, System.currentTimeMillis());
    long maxLatenessMs = IngestJobConfig.fromArgs().maxLateness().toMillis();
    assertTrue(OUTAGE.toMillis() > maxLatenessMs, "the outage outlasts the lateness bound");

    SimulationReport report;
    long killedAtMs;
    long restartedAtMs;
    try (Producer<byte[], byte[]> producer = Producers.gateway(config.kafkaClient(KafkaUser.GATEWAY))) {
      Simulator simulator = new Simulator(producer, Topics.RAW);
      CompletableFuture<SimulationReport> driving = CompletableFuture.supplyAsync(() -> {
        try {
          return simulator.run(fleet, new Simulator.Settings(DEVICES, FRAMES_PER_SECOND, DRIVE, 0, 10, 5), () -> false);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      });
      awaitUntil("the fleet has sent its first frames", () -> simulator.framesSent() >= 2 * FRAMES_PER_SECOND);
      killedAtMs = killTheBroker();
      long framesAtKill = simulator.framesSent();
      Thread.sleep(OUTAGE.toMillis()); // the fault's length, not a wait for anything
      assertTrue(simulator.framesSent() > framesAtKill + FRAMES_PER_SECOND,
          "the fleet went on framing while the broker was down");
      restartedAtMs = System.currentTimeMillis();
      kafka.start();
      kafka.awaitReadyAndCreateTopics(STEP_TIMEOUT);
      report = driving.get(STEP_TIMEOUT.toSeconds() + DRIVE.toSeconds(), TimeUnit.SECONDS);
    }

    List<ConsumerRecord<byte[], byte[]>> records = readAll(config.kafkaClient(KafkaUser.ADMIN), report.frames());
    assertEquals(report.frames(), records.size(), "every frame arrived");
    AvroMessages<TelemetryFrame> frames = AvroMessages.of(TelemetryFrame.class);
    Map<String, Long> lastSeq = new HashMap<>();
    long madeDuringOutage = 0;
    long oldestReadingMs = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      TelemetryFrame frame = frames.decode(record.value());
      assertEquals(frame.getSentAtMs(), record.timestamp(), "the record carries its frame's time");
      Long previous = lastSeq.put(frame.getDeviceId().toString(), frame.getSeq());
      assertTrue(previous == null || frame.getSeq() == previous + 1, "a device's frames arrive in order");
      if (previous != null) { // a vehicle's first frame holds the second before the drive
        for (Reading reading : frame.getReadings()) {
          oldestReadingMs = Math.max(oldestReadingMs, frame.getSentAtMs() - reading.getEventTimeMs());
        }
      }
      if (record.timestamp() > killedAtMs && record.timestamp() < restartedAtMs) {
        madeDuringOutage++;
      }
    }
    assertTrue(madeDuringOutage >= FRAMES_PER_SECOND * (OUTAGE.toSeconds() - 2),
        "frames made during the outage: " + madeDuringOutage);
    // A vehicle frames every DEVICES / FRAMES_PER_SECOND = 0.2 s, whatever the outage: 1 s leaves room for a slow machine.
    assertTrue(oldestReadingMs < 1_000, "the oldest reading was " + oldestReadingMs + " ms older than its frame"
        + " (the ingest job's lateness bound is " + maxLatenessMs + " ms)");
  }

  private long killTheBroker() throws Exception {
    ProcessHandle broker = kafka.process(1).running().orElseThrow();
    long killedAt = System.currentTimeMillis();
    assertTrue(broker.destroyForcibly());
    broker.onExit().get(30, TimeUnit.SECONDS);
    return killedAt;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(Properties client, long expected) throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.RAW).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      return records;
    }
  }

  private static void awaitUntil(String what, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
