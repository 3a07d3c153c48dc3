package io.cpchain.cli.simulate;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.TelemetryFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Drives a fleet of vehicles through the road network in real time: each vehicle samples its
 * sensors, seals a batch of readings into a signed frame and sends it to the raw topic. With a bad
 * rate p, each record is instead, with probability p, one of the {@link Fault}s.
 */
public final class Simulator {

  /** The simulated city: a grid of CITY_SIZE x CITY_SIZE intersections ({@link RoadNetwork}). */
  public static final int CITY_SIZE = 8;

  /** How a run is shaped. {@code framesPerSecond} is for the whole fleet. */
  public record Settings(int devices, int framesPerSecond, Duration duration, double badRate,
      int readingsPerFrame, long seed) {

    public Settings {
      if (devices <= 0) {
        throw new IllegalArgumentException("--devices must be at least 1");
      }
      if (framesPerSecond <= 0) {
        throw new IllegalArgumentException("--rate must be at least 1 frame per second");
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      if (!(badRate >= 0 && badRate <= 1)) {
        throw new IllegalArgumentException("--bad-rate must be between 0 and 1");
      }
      if (readingsPerFrame <= 0 || readingsPerFrame > 1_000) {
        throw new IllegalArgumentException("--readings-per-frame must be between 1 and 1000");
      }
    }
  }

  /** Frames the gateway holds while Kafka is out of reach: at the demo's rate, minutes of traffic. */
  private static final int GATEWAY_CAPACITY_BYTES = 64 << 20;

  /** Late events are sent this far in the past: far beyond any out-of-orderness bound. */
  static final Duration LATE_BY = Duration.ofHours(1);

  private final Producer<byte[], byte[]> producer;
  private final String rawTopic;
  private final RoadNetwork roads = new RoadNetwork(CITY_SIZE);
  private final FrameSigner signer = new FrameSigner();
  private final AtomicLong framesSent = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  public Simulator(Producer<byte[], byte[]> producer, String rawTopic) {
    this.producer = producer;
    this.rawTopic = rawTopic;
  }

  /** Frames sent so far in the current run: for live progress. */
  public long framesSent() {
    return framesSent.get();
  }

  /**
   * Publishes, for each of the first {@code count} devices, its owner's signed epoch key certificates
   * for the epochs covering [now - 1 epoch, now + 2 epochs] (creating owner keys that are missing), so
   * the encrypt job can encapsulate their intervals; idempotent: compacted topic, deterministic keys.
   */
  public void publishEpochKeys(Fleet fleet, int count, String epochKeysTopic, Duration epochLength)
      throws IOException, GeneralSecurityException {
    AvroMessages<EpochKey> messages = AvroMessages.of(EpochKey.class);
    long now = System.currentTimeMillis();
    long first = EpochKeys.epochOf(now - epochLength.toMillis(), epochLength);
    long last = EpochKeys.epochOf(now + 2 * epochLength.toMillis(), epochLength);
    Map<String, UmbralSecretKey> ownerKeys = new HashMap<>();
    Map<String, String> ownerAddresses = new HashMap<>();
    for (Map.Entry<String, String> device : new TreeMap<>(fleet.ownerOfDevice(count)).entrySet()) {
      String owner = device.getValue();
      if (!ownerKeys.containsKey(owner)) {
        ownerKeys.put(owner, fleet.owners().secretKey(owner));
      }
      // Under the owner id the ingest job gives the device's readings: the owner's chain address.
      String ownerId = ownerAddresses.computeIfAbsent(owner, fleet::ownerAddress);
      for (long epoch = first; epoch <= last; epoch++) {
        EpochKey record = EpochKeyRecords.of(
            EpochKeyCertificate.issue(ownerKeys.get(owner), ownerId, device.getKey(), epoch, epochLength), now);
        producer.send(record(epochKeysTopic, EpochKeyRecords.key(record), now, messages.encode(record)),
            (meta, error) -> {
              if (error != null) {
                sendFailed(error);
              }
            });
      }
    }
    producer.flush();
    throwIfSendFailed();
  }

  /**
   * Drives the fleet. Late events are injected only once {@code watermarkEstablished} says so:
   * before a job has its first watermark no reading can be judged late, so one sent then would
   * rightly come out valid.
   */
  public SimulationReport run(Fleet fleet, Settings settings, BooleanSupplier watermarkEstablished)
      throws InterruptedException {
    Random random = new Random(settings.seed());
    List<Device> devices = fleet.devices(settings.devices());
    List<Vehicle> vehicles = new ArrayList<>();
    devices.forEach(d -> vehicles.add(new Vehicle(roads, random)));
    Map<String, byte[]> lastGoodFrame = new HashMap<>();
    long start = System.currentTimeMillis();
    long[] lastFrameAt = new long[devices.size()];
    java.util.Arrays.fill(lastFrameAt, start - 1_000);

    long totalFrames = (long) settings.framesPerSecond() * settings.duration().toSeconds();
    long readings = 0;
    long expectedValid = 0;
    Map<Fault, Long> injected = new EnumMap<>(Fault.class);
    framesSent.set(0);

    try (Gateway gateway = new Gateway(producer, GATEWAY_CAPACITY_BYTES, this::sendFailed)) {
      for (long n = 0; n < totalFrames; n++) {
        pace(start, n, settings.framesPerSecond());
        int i = (int) (n % devices.size());
        Device device = devices.get(i);
        long now = System.currentTimeMillis();
        List<Reading> batch = drive(vehicles.get(i), lastFrameAt[i], now, settings.readingsPerFrame());
        lastFrameAt[i] = now;
        Fault fault = random.nextDouble() < settings.badRate()
            ? pickFault(random, lastGoodFrame.containsKey(device.deviceId()), watermarkEstablished) : null;

        if (fault == null) {
          byte[] frame = seal(device.deviceId(), device.key(), device.takeSeq(), now, batch);
          lastGoodFrame.put(device.deviceId(), frame);
          gateway.send(record(rawTopic, device.deviceId(), now, frame));
          readings += batch.size();
          expectedValid += batch.size();
        } else {
          BadRecord bad = corrupt(fault, device, batch, now, lastGoodFrame.get(device.deviceId()), random);
          gateway.send(record(rawTopic, bad.key(), now, bad.value()));
          int badReadings = fault == Fault.UNDECODABLE || fault == Fault.UNKNOWN_SCHEMA ? 0 : batch.size();
          readings += badReadings;
          injected.merge(fault, fault == Fault.LATE_EVENT ? (long) batch.size() : 1L, Long::sum);
        }
        framesSent.incrementAndGet();
        throwIfSendFailed();
      }
    }
    throwIfSendFailed();
    Map<String, Long> byReason = new HashMap<>();
    injected.forEach((fault, count) -> byReason.put(fault.expectedReason().name(), count));
    return new SimulationReport(totalFrames, readings, expectedValid, byReason,
        (System.currentTimeMillis() - start) / 1000.0);
  }

  /** The readings a vehicle took since its last frame, evenly spaced up to now. */
  private static List<Reading> drive(Vehicle vehicle, long since, long now, int count) {
    List<Reading> batch = new ArrayList<>(count);
    double stepMs = Math.max(1, (now - since) / (double) count);
    for (int k = count - 1; k >= 0; k--) {
      long t = now - Math.round(k * stepMs);
      batch.add(vehicle.step(t, stepMs / 1000.0));
    }
    return batch;
  }

  private byte[] seal(String deviceId, Ed25519PrivateKey key, long seq, long sentAt, List<Reading> readings) {
    TelemetryFrame unsigned = TelemetryFrame.newBuilder()
        .setDeviceId(deviceId)
        .setKeyId(key.publicKey().keyId())
        .setSeq(seq)
        .setSentAtMs(sentAt)
        .setReadings(readings)
        .setSignature(ByteBuffer.allocate(0))
        .build();
    return signer.encode(signer.sign(unsigned, key));
  }

  private static Fault pickFault(Random random, boolean hasGoodFrame, BooleanSupplier watermarkEstablished) {
    while (true) {
      Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
      if (fault == Fault.DUPLICATE_FRAME && !hasGoodFrame) {
        continue;
      }
      if (fault == Fault.LATE_EVENT && !watermarkEstablished.getAsBoolean()) {
        continue;
      }
      return fault;
    }
  }

  /** A bad record as a gateway would send it: keyed by the device it claims to come from. */
  private record BadRecord(String key, byte[] value) {}

  private BadRecord corrupt(Fault fault, Device device, List<Reading> batch, long now, byte[] lastGood,
      Random random) {
    if (fault == Fault.UNKNOWN_DEVICE) {
      Ed25519PrivateKey ghostKey = Ed25519PrivateKey.generate();
      String ghost = "ghost-" + ghostKey.publicKey().keyId();
      return new BadRecord(ghost, seal(ghost, ghostKey, 0, now, batch));
    }
    return new BadRecord(device.deviceId(), corruptOwnFrame(fault, device, batch, now, lastGood, random));
  }

  private byte[] corruptOwnFrame(Fault fault, Device device, List<Reading> batch, long now, byte[] lastGood,
      Random random) {
    return switch (fault) {
      case UNDECODABLE -> {
        byte[] garbage = new byte[20 + random.nextInt(200)];
        random.nextBytes(garbage);
        garbage[0] = 0x7b; // never the single-object marker
        yield garbage;
      }
      case UNKNOWN_SCHEMA -> {
        byte[] frame = seal(device.deviceId(), device.key(), device.takeSeq(), now, batch);
        frame[2] ^= (byte) 0xff; // a fingerprint no released schema has
        yield frame;
      }
      case UNKNOWN_DEVICE -> throw new IllegalArgumentException("a frame of an unknown device is not the device's own");
      case BAD_SIGNATURE -> {
        byte[] frame = seal(device.deviceId(), device.key(), device.takeSeq(), now, batch);
        frame[frame.length - 1 - random.nextInt(64)] ^= 0x01; // one bit of the signature
        yield frame;
      }
      case OUT_OF_RANGE -> {
        List<Reading> bad = new ArrayList<>(batch);
        Reading first = bad.get(0);
        bad.set(0, random.nextBoolean()
            ? Reading.newBuilder(first).setLatitude(123).build()
            : Reading.newBuilder(first).setSpeedKmh(-5).build());
        yield seal(device.deviceId(), device.key(), device.takeSeq(), now, bad);
      }
      case INCONSISTENT -> {
        List<Reading> bad = new ArrayList<>(batch);
        bad.set(0, Reading.newBuilder(bad.get(0)).setHarshBraking(true).setLongitudinalAccelMs2(1.0f).build());
        yield seal(device.deviceId(), device.key(), device.takeSeq(), now, bad);
      }
      case DUPLICATE_FRAME -> lastGood.clone();
      case LATE_EVENT -> {
        List<Reading> late = new ArrayList<>();
        for (Reading r : batch) {
          late.add(Reading.newBuilder(r).setEventTimeMs(r.getEventTimeMs() - LATE_BY.toMillis()).build());
        }
        yield seal(device.deviceId(), device.key(), device.takeSeq(), now, late);
      }
    };
  }

  /** @param timestampMs when the vehicle sent it: the record timestamp the ingest job's lateness rule reads */
  private static ProducerRecord<byte[], byte[]> record(String topic, String key, long timestampMs, byte[] value) {
    return new ProducerRecord<>(topic, null, timestampMs, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private void sendFailed(Exception error) {
    sendFailure.compareAndSet(null, error);
  }

  private void throwIfSendFailed() {
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new IllegalStateException("sending to Kafka failed: " + failure.getMessage(), failure);
    }
  }

  private static void pace(long startMs, long frameIndex, int framesPerSecond) throws InterruptedException {
    long dueMs = startMs + frameIndex * 1000 / framesPerSecond;
    long waitMs = dueMs - System.currentTimeMillis();
    if (waitMs > 0) {
      Thread.sleep(waitMs);
    }
  }
}
