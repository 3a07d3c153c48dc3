package io.cpchain.cli.bench;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.simulate.SimulatedReadings;
import io.cpchain.cli.bench.crypto.IntervalCipherBenchmarks;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalPlaintext;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageNode;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench encrypt}: plaintext MB/s through what the encrypt job does per interval (gather and
 * order the readings, container and Merkle root, Umbral encapsulation, chunked AES-GCM, r verified
 * copies on the local stack's storage nodes, signed manifest), against two baselines from the same
 * run: raw JCA AES-256-GCM on one core, and raw S3 PUTs to one storage node.
 */
@Command(name = "encrypt", description = "Interval encryption and storage throughput vs raw AES-GCM and raw S3 PUT.")
public final class EncryptBenchCommand implements Callable<Integer> {

  private static final double MIB = 1 << 20;

  @Mixin StackOptions stackOptions;

  @Option(names = "--readings-per-interval", paramLabel = "N", defaultValue = "600",
      description = "readings in one device's interval (default: ${DEFAULT-VALUE}: 10 min at 1 Hz)")
  int readingsPerInterval;

  @Option(names = "--replicas", paramLabel = "R", defaultValue = "2", description = "copies per chunk (default: ${DEFAULT-VALUE})")
  int replicas;

  @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
      description = "parallel writers, as the job's parallelism (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "15", description = "measured seconds per phase (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--json", description = "end with one line of JSON: the figures and ratios")
  boolean json;

  private static final int POOL = 128;

  @Override
  public Integer call() throws Exception {
    if (readingsPerInterval < 1 || threads < 1 || seconds < 1) {
      throw new IllegalArgumentException("--readings-per-interval, --threads and --seconds must be positive");
    }
    PrintStream out = System.out;
    LocalStack stack = stackOptions.stack();
    StackConfig config = stack.config();
    if (!stack.isUp()) {
      stack.up(out);
    }
    List<StorageNode> nodes = config.storageNodeList();
    ChunkStore store = StorageCommand.localChunkStore(config, replicas);

    out.printf("== preparing %d device intervals of %d readings%n", POOL, readingsPerInterval);
    // One certified epoch key for every bench interval: the key does not change the cost, and the job
    // verifies a certificate once per device and epoch, not per interval
    UmbralPublicKey epochKey = EpochKeyCertificate.issue(UmbralSecretKey.generate(), "bench", "bench", 0,
        IntervalWriter.DEFAULT_KEY_EPOCH).epochKey();
    List<List<ValidReading>> pool = new ArrayList<>();
    Random random = new Random(42);
    long start = System.currentTimeMillis() / 60_000 * 60_000;
    for (int i = 0; i < POOL; i++) {
      pool.add(SimulatedReadings.of(String.format("veh-%05d", i), "owner-bench", start, readingsPerInterval, random));
    }
    long plaintextBytesPerInterval = encodedSize(pool.get(0));

    out.printf("== pipeline: %d writers, r = %d, for %d s (after %d s of warm-up)%n", threads, replicas, seconds,
        seconds / 3);
    IntervalWriter writer = new IntervalWriter(store, AccountPrivateKey.generate(), IntervalWriter.DEFAULT_CHUNK_SIZE,
        IntervalWriter.DEFAULT_KEY_EPOCH);
    AtomicInteger next = new AtomicInteger();
    long[] chunkBytes = new long[1];
    long intervalsWarmup = Repeat.forDuration(threads, Duration.ofSeconds(seconds / 3),
        () -> writeOne(writer, pool, epochKey, start, next, chunkBytes));
    chunkBytes[0] = 0;
    long intervals = Repeat.forDuration(threads, Duration.ofSeconds(seconds),
        () -> writeOne(writer, pool, epochKey, start, next, chunkBytes));
    double intervalsPerS = intervals / (double) seconds;
    double mbPerS = intervalsPerS * plaintextBytesPerInterval / MIB;
    int averageChunk = (int) Math.max(1, chunkBytes[0] / Math.max(1, intervals));
    out.printf("pipeline: %,.0f intervals/s = %,.0f readings/s = %.1f MB/s of readings (%d warm-up intervals)%n",
        intervalsPerS, intervalsPerS * readingsPerInterval, mbPerS, intervalsWarmup);

    out.printf("== baseline: raw S3 PUTs of %,d-byte objects to %s, %d writers, %d s%n", averageChunk,
        nodes.get(0).id(), threads, seconds);
    S3NodeStore node = new S3NodeStore(nodes.get(0), config.storageCredentials());
    AtomicInteger objects = new AtomicInteger();
    long puts = Repeat.forDuration(threads, Duration.ofSeconds(seconds), () -> {
      byte[] content = new byte[averageChunk];
      ByteBuffer.wrap(content).putInt(objects.incrementAndGet()).putLong(System.nanoTime());
      node.put(ChunkId.of(content), content);
    });
    double s3MbPerS = puts * (double) averageChunk / seconds / MIB;
    out.printf("S3 PUT: %,.0f puts/s = %.1f MB/s%n", puts / (double) seconds, s3MbPerS);

    out.println("== baseline: raw JCA AES-256-GCM on one core (JMH, 1 MiB per call)");
    double gcmMbPerS = Jmh.opsPerSecond(IntervalCipherBenchmarks.class.getName() + ".rawAesGcmOneMiB", 15, 3)
        .get("rawAesGcmOneMiB");

    Figures figures = new Figures()
        .value("mb_per_s", mbPerS, "MiB/s of readings")
        .value("aes_gcm_mb_per_s", gcmMbPerS, "MiB/s")
        .value("s3_put_mb_per_s", s3MbPerS, "MiB/s")
        .ratio("ratio_vs_aes_gcm", mbPerS, gcmMbPerS)
        .ratio("ratio_vs_s3_put", mbPerS, s3MbPerS)
        .value("intervals_per_s", intervalsPerS, "intervals/s")
        .count("readings_per_s", intervalsPerS * readingsPerInterval, "readings/s")
        .parameter("readings_per_interval", readingsPerInterval)
        .count("stored_bytes_per_chunk", averageChunk, "bytes")
        .parameter("replicas", replicas)
        .parameter("threads", threads);
    out.println("== results");
    out.printf("pipeline %.1f MB/s of readings; raw AES-GCM (1 core) %.0f MB/s -> %.3f of it; raw S3 PUT %.1f MB/s"
        + " -> %.2f of it (the pipeline writes each chunk %d times, after deflate)%n", mbPerS, gcmMbPerS,
        mbPerS / gcmMbPerS, s3MbPerS, mbPerS / s3MbPerS, replicas);
    figures.print(out, json);
    return 0;
  }

  /** One interval of the pool under a fresh interval number: its own key, container and chunks. */
  private static void writeOne(IntervalWriter writer, List<List<ValidReading>> pool, UmbralPublicKey epochKey,
      long start, AtomicInteger next, long[] chunkBytes) throws Exception {
    int n = next.getAndIncrement();
    List<ValidReading> readings = pool.get(n % pool.size());
    String device = readings.get(0).getDeviceId();
    long intervalStart = start + (long) n * 600_000;
    IntervalPlaintext plaintext = IntervalPlaintext.of(readings); // the window's work
    long stored = writer.write(new Interval(device, "owner-bench", epochKey, intervalStart,
        intervalStart + 600_000, plaintext)).getChunks().stream().mapToLong(c -> c.getSizeBytes()).sum();
    synchronized (chunkBytes) {
      chunkBytes[0] += stored;
    }
  }

  private static long encodedSize(List<ValidReading> readings) {
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    return readings.stream().mapToLong(r -> messages.encode(r).length).sum();
  }
}
