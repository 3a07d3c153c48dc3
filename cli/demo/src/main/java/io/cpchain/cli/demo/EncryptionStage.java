package io.cpchain.cli.demo;

import io.cpchain.cli.jobs.EncryptJobs;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.simulate.Producers;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.conf.Durations;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.job.IntervalEncryptJob;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.ConsumerLag;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.encrypt.interval.IntervalFetch;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.Producer;

/**
 * The demo's encryption stage: the encrypt job submitted (or reused) and the owners' epoch keys
 * published; then waits until the job has written every interval that closed, reports intervals,
 * chunks per node and bytes plaintext vs stored, balances the valid readings of those intervals
 * against the readings in them and the late ones dead-lettered, then reads one device's intervals
 * back as its owner and checks they hold exactly the valid readings the ingest job emitted in time
 * for them.
 */
final class EncryptionStage implements DemoStage {

  @Override
  public String name() {
    return "encrypt";
  }

  /** Shorter than the job's default, so that a demo of a minute closes several intervals per vehicle. */
  private static final Duration ENCRYPTION_INTERVAL = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofSeconds(8);
  private static final Duration MAX_WAIT = Duration.ofMinutes(2);

  private final DemoRun run;
  private final StackConfig stack;
  private final EncryptJobConfig config;
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);
  private final AvroMessages<ValidReading> readings = AvroMessages.of(ValidReading.class);

  EncryptionStage(DemoRun run) {
    this.run = run;
    this.stack = run.config();
    this.config = EncryptJobs.forStack(stack, "--checkpoint-interval", "2s",
        "--interval", Durations.format(ENCRYPTION_INTERVAL), "--out-of-orderness", DemoRun.OUT_OF_ORDERNESS);
  }

  @Override
  public void prepare(PrintStream out) throws Exception {
    KafkaAcls.grant(stack, KafkaAccess.encrypt(config));
    try (FlinkJobs flink = run.flinkJobs()) {
      flink.ensureRunning(IntervalEncryptJob.JOB_NAME, EncryptJobs.jobJar(),
          IntervalEncryptJob.class.getName(), config.toArgs(), config.parallelism(), out);
    }
    try (Producer<byte[], byte[]> producer = Producers.gateway(stack.kafkaClient(KafkaUser.OWNERS))) {
      new Simulator(producer, Topics.RAW).publishEpochKeys(run.fleet(),
          run.settings().devices(), Topics.EPOCH_KEYS, config.keyEpoch());
    }
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    out.println("== waiting for the encrypt job to write the intervals that closed (every "
        + ENCRYPTION_INTERVAL.toSeconds() + " s of event time per device; the last one closes when newer data comes)");
    Result result = run(run.fleet(), run.settings().devices(), run.result(IngestStage.Result.class).startedAtMs(),
        out);
    result.print(out);
    return result;
  }

  /** What the stage found: the figures and the verdict of the round trip. */
  record Result(int intervals, long chunks, long storedBytes, long plaintextBytes, long readingsInIntervals,
      long validReadingsOfIntervals, long lateReadings, Map<String, Long> chunksPerNode, String device,
      int deviceIntervals, int deviceReadings, boolean roundTripOk, String roundTripProblem)
      implements DemoStage.Result {

    /** The valid readings of the written intervals in, the readings in them out, late ones dead-lettered. */
    @Override
    public Balance balance() {
      return Balance.of("readings", validReadingsOfIntervals, readingsInIntervals, lateReadings, checked());
    }

    void print(PrintStream out) {
      out.println("== encryption");
      out.printf("intervals:     %d written (%d readings), each with its own key, encapsulated to its owner's"
          + " epoch key%n",
          intervals, readingsInIntervals);
      out.printf("chunks:        %d, stored with their replicas as %,d bytes for %,d bytes of plaintext"
          + " (container, deflated)%n", chunks, storedBytes, plaintextBytes);
      out.printf("balance:       %d valid readings of these intervals: %d in them, %d came after theirs was written"
          + " (dead-lettered): %s%n", validReadingsOfIntervals, readingsInIntervals, lateReadings,
          balance().balanced() ? "balanced" : "NOT BALANCED");
      out.println("objects per storage node: " + chunksPerNode);
      out.printf("round trip:    %s read back as its owner: %d intervals, %d readings: %s%n", device,
          deviceIntervals, deviceReadings, roundTripOk ? "equal to what the ingest job emitted"
              : (intervals == 0 ? "not checked: " : "FAILED: ") + roundTripProblem);
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("intervals", intervals);
      json.put("chunks", chunks);
      json.put("stored_bytes", storedBytes);
      json.put("plaintext_bytes", plaintextBytes);
      json.put("roundtrip_ok", roundTripOk);
      return json;
    }

    @Override
    public boolean checked() {
      return intervals > 0;
    }

    @Override
    public boolean ok() {
      return !checked() || roundTripOk;
    }
  }

  private Result run(Fleet fleet, int devices, long sinceMs, PrintStream out) throws Exception {
    Set<String> fleetDevices = fleet.ownerOfDevice(devices).keySet();
    List<byte[]> written = awaitManifests(fleetDevices, sinceMs, out);
    long chunks = 0;
    long stored = 0;
    long plaintext = 0;
    long readingCount = 0;
    Map<String, List<byte[]>> byDevice = new HashMap<>();
    for (byte[] encoded : written) {
      IntervalManifest manifest = manifests.decode(encoded);
      for (ChunkRef chunk : manifest.getChunks()) {
        chunks++;
        stored += (long) chunk.getSizeBytes() * chunk.getNodes().size();
      }
      plaintext += manifest.getPlaintextBytes();
      readingCount += manifest.getReadingCount();
      byDevice.computeIfAbsent(manifest.getDeviceId(), d -> new ArrayList<>()).add(encoded);
    }
    ChunkStore store = StorageCommand.localChunkStore(stack, 1);
    if (byDevice.isEmpty()) {
      return new Result(0, 0, 0, 0, 0, 0, 0, store.status(), "-", 0, 0, false,
          "no interval closed during the run (run the demo longer than the interval plus the out-of-orderness)");
    }
    String device = byDevice.entrySet().stream().max(Map.Entry.comparingByValue(
        java.util.Comparator.comparingInt(List::size))).orElseThrow().getKey();
    List<byte[]> deviceManifests = byDevice.get(device);
    String owner = fleet.ownerOfDevice(devices).get(device);
    IntervalFetch fetch = new IntervalFetch(new IntervalReader(store, Set.of(PipelineNodeKey.address(stack))));
    List<ValidReading> fetched = new ArrayList<>();
    String problem = null;
    for (IntervalFetch.Result result : fetch.read(deviceManifests, fleet.owners().secretKey(owner), 0,
        Long.MAX_VALUE)) {
      if (!result.ok()) {
        problem = result.error();
      }
      fetched.addAll(result.readings());
    }
    Set<String> intervals = new HashSet<>();
    for (byte[] encoded : written) {
      IntervalManifest manifest = manifests.decode(encoded);
      intervals.add(intervalKey(manifest.getDeviceId(), manifest.getIntervalStartMs()));
    }
    Set<ValidReading> late = new HashSet<>();
    for (ValidReading reading : DeadLetterScan.of(stack.kafkaClient(KafkaUser.ADMIN), config.dlqTopic())
        .from(config.validTopic(), ValidReading.class)) {
      if (intervals.contains(intervalKey(reading))) {
        late.add(reading);
      }
    }
    List<ValidReading> ingested = new ArrayList<>();
    long validOfIntervals = validReadings(intervals, late, device, ingested);
    if (problem == null && !ReadingsCodec.inEventTimeOrder(fetched).equals(ReadingsCodec.inEventTimeOrder(ingested))) {
      problem = "read back " + fetched.size() + " readings, the ingest job emitted " + ingested.size()
          + " in time for these intervals";
    }
    return new Result(written.size(), chunks, stored, plaintext, readingCount, validOfIntervals, late.size(),
        store.status(), device, deviceManifests.size(), fetched.size(), problem == null, problem);
  }

  /**
   * The manifests of this run's intervals, once the job has read all of telemetry.valid (with a
   * checkpoint, which commits its output of it too) and no new one has come for a while.
   */
  private List<byte[]> awaitManifests(Set<String> devices, long sinceMs, PrintStream out) throws Exception {
    record Progress(List<byte[]> manifests, long pending) {}
    return Settle.reading(() -> {
      long pending = ConsumerLag.pendingRecords(stack.kafkaClient(KafkaUser.ADMIN), config.groupId(),
          config.validTopic());
      List<byte[]> now = new ArrayList<>();
      TopicScan.scan(stack.kafkaClient(KafkaUser.ADMIN), config.manifestsTopic(), record -> {
        try {
          IntervalManifest manifest = manifests.decode(record.value());
          if (devices.contains(manifest.getDeviceId()) && manifest.getIntervalEndMs() > sinceMs) {
            now.add(record.value());
          }
        } catch (IOException e) {
          throw new IllegalStateException("a manifest on " + config.manifestsTopic() + " does not decode", e);
        }
      });
      return new Progress(now, pending);
    }).every(Duration.ofSeconds(2)).quietFor(QUIET, p -> List.of(p.manifests().size(), p.pending()))
        .quietCountsOnlyIf(p -> p.pending() == 0).atMost(MAX_WAIT)
        .onChange(p -> out.printf("intervals written so far: %d; readings not yet read by the job: %d%n",
            p.manifests().size(), p.pending()))
        .await().manifests();
  }

  private static String intervalKey(String device, long intervalStartMs) {
    return device + "/" + intervalStartMs;
  }

  private String intervalKey(ValidReading reading) {
    long interval = config.interval().toMillis();
    return intervalKey(reading.getDeviceId(), Math.floorDiv(reading.getReading().getEventTimeMs(), interval) * interval);
  }

  /**
   * How many valid readings belong to the given intervals; those of {@code device} that came in
   * time for theirs are added to {@code ofDevice}.
   */
  private long validReadings(Set<String> intervals, Set<ValidReading> late, String device,
      List<ValidReading> ofDevice) {
    long[] count = {0};
    TopicScan.scan(stack.kafkaClient(KafkaUser.ADMIN), config.validTopic(), record -> {
      try {
        ValidReading reading = readings.decode(record.value());
        if (intervals.contains(intervalKey(reading))) {
          count[0]++;
          if (reading.getDeviceId().equals(device) && !late.contains(reading)) {
            ofDevice.add(reading);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("a reading on " + config.validTopic() + " does not decode", e);
      }
    });
    return count[0];
  }
}
