package io.cpchain.cli.share;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.demo.AnchorStage;
import io.cpchain.cli.simulate.SimulatedReadings;
import io.cpchain.cli.bench.Jmh;
import io.cpchain.cli.bench.Machine;
import io.cpchain.cli.bench.crypto.UmbralBenchmarks;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.storage.ChunkStore;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench share}, on the running local stack ({@code bin/cpchain up}): a bench owner's device
 * gets intervals written to the stack's storage and a 2-of-3 grant to a bench grantee. Then: raw
 * Umbral re-encryption on one core (JMH, the baseline); the grantee's latency to get one interval's
 * key (request signed, all 3 proxies asked, 2 cfrags verified, capsule opened: no data moved), one
 * request at a time; and throughput with concurrent grantees, counting every re-encryption the
 * proxies do (3 per request: each proxy answers even when 2 suffice).
 */
@Command(name = "share", description = "Proxy re-encryptions per second and grantee fetch latency on the running"
    + " local stack, against raw Umbral re-encryption on one core measured in the same run.")
public final class ShareBenchCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "1000",
      description = "sequential fetches for the latency figures (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
      description = "duration of the throughput run (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--clients", paramLabel = "C", defaultValue = "8",
      description = "concurrent grantee requests in the throughput run (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--json", description = "end with one line of JSON: the figures, for scripts")
  boolean json;

  private static final int INTERVALS = 16;
  private static final int WARM_UP = 300;

  @Override
  public Integer call() throws Exception {
    if (requests < 10 || seconds < 1 || clients < 1) {
      throw new IllegalArgumentException("--requests must be at least 10, --seconds and --clients positive");
    }
    PrintStream out = System.out;
    StackConfig stack = stackOptions.config();
    LocalProxies proxies = new LocalProxies(stack);
    if (proxies.directory().discover().size() < LocalProxies.COUNT) {
      throw new IllegalStateException("the local stack's " + LocalProxies.COUNT + " proxies do not all answer; start"
          + " the stack first: bin/cpchain up");
    }
    out.println("machine: " + Machine.describe());
    out.println("baseline: raw Umbral re-encryption on one core (JMH)");
    double raw = Jmh.opsPerSecond(UmbralBenchmarks.class.getName() + ".reencrypt$", 2, 3).get("reencrypt");

    ChainClient chain = new ChainClient(URI.create("http://127.0.0.1:" + stack.chainApiPort(1)));
    UmbralSecretKey owner = UmbralSecretKey.generate();
    AccountPrivateKey grantee = AccountPrivateKey.generate();
    UmbralSecretKey granteeKey = UmbralSecretKey.fromBytes(grantee.toBytes(SecretAccess.get()));
    List<byte[]> manifests = writeIntervals(stack, owner);
    AvroMessages<IntervalManifest> codec = AvroMessages.of(IntervalManifest.class);
    IntervalManifest first = codec.decode(manifests.get(0));
    GrantIssuer.Issued grant = new GrantIssuer(chain, proxies.directory()).grant(AccountPrivateKey.generate(), owner,
        new GrantIssuer.Request(first.getDeviceId(), granteeKey.publicKey(), first.getIntervalStartMs(),
            codec.decode(manifests.get(manifests.size() - 1)).getIntervalStartMs(), 2, 3, 0,
            IntervalWriter.DEFAULT_KEY_EPOCH), ShareCommands.WAIT);
    IntervalReader reader = new IntervalReader(localStore(stack), Set.of(PipelineNodeKey.address(stack)));
    ShareFetcher fetcher = new ShareFetcher(chain, proxies.directory(), reader, granteeKey, grantee);
    ShareFetcher.Grant opened = fetcher.open(grant.grantId());
    List<IntervalManifest> verified = new ArrayList<>();
    for (byte[] m : manifests) {
      verified.add(reader.verifiedManifest(m));
    }

    for (int i = 0; i < WARM_UP; i++) { // connections, and the JIT on both sides (EC arithmetic warms slowly)
      fetcher.key(opened, manifests.get(i % INTERVALS), verified.get(i % INTERVALS));
    }
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      long start = System.nanoTime();
      fetcher.key(opened, manifests.get(i % INTERVALS), verified.get(i % INTERVALS));
      latencies.add((System.nanoTime() - start) / 1_000);
    }
    double p50 = AnchorStage.percentile(latencies, 50) / 1000.0;
    double p99 = AnchorStage.percentile(latencies, 99) / 1000.0;
    out.printf("latency: one interval's key through 2 of 3 proxies, %d requests one at a time: p50 %.1f ms,"
        + " p99 %.1f ms%n", requests, p50, p99);

    AtomicLong keys = new AtomicLong();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int offset = c;
        running.add(pool.submit(() -> {
          for (int i = offset; System.nanoTime() < deadline; i++) {
            fetcher.key(opened, manifests.get(i % INTERVALS), verified.get(i % INTERVALS));
            keys.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double intervalsPerS = keys.get() / elapsed;
    double reencryptPerS = LocalProxies.COUNT * intervalsPerS;
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf("throughput: %d clients for %.1f s: %.0f intervals/s opened, %.0f re-encryptions/s across %d proxies"
        + " (%.2f of raw per core: %.0f/s on one core here, %d cores shared by proxies, chain and clients)%n",
        clients, elapsed, intervalsPerS, reencryptPerS, LocalProxies.COUNT, reencryptPerS / (raw * cores), raw,
        cores);
    if (json) {
      Map<String, Object> figures = new LinkedHashMap<>();
      figures.put("reencrypt_per_s", Math.round(reencryptPerS));
      figures.put("raw_reencrypt_per_s", Math.round(raw));
      figures.put("ratio_per_core", Math.round(reencryptPerS / (raw * cores) * 1000) / 1000.0);
      figures.put("intervals_per_s", Math.round(intervalsPerS));
      figures.put("fetch_latency_ms_p50", p50);
      figures.put("fetch_latency_ms_p99", p99);
      figures.put("requests", requests);
      figures.put("clients", clients);
      figures.put("proxies", LocalProxies.COUNT);
      figures.put("threshold", 2);
      figures.put("machine", Machine.describe());
      out.println(new ObjectMapper().writeValueAsString(figures));
    }
    return 0;
  }

  /** Intervals of a fresh bench device, written as the encrypt job does, signed with the stack's pipeline key. */
  private static List<byte[]> writeIntervals(StackConfig stack, UmbralSecretKey owner) throws Exception {
    AccountPrivateKey pipeline = KeyStore.loadAccountFile(PipelineNodeKey.keyFile(stack),
        PasswordFile.read(PipelineNodeKey.passwordFile(stack)));
    IntervalWriter writer = new IntervalWriter(localStore(stack), pipeline, IntervalWriter.DEFAULT_CHUNK_SIZE,
        IntervalWriter.DEFAULT_KEY_EPOCH);
    AvroMessages<IntervalManifest> codec = AvroMessages.of(IntervalManifest.class);
    String device = "bench-share-" + System.currentTimeMillis();
    long start = System.currentTimeMillis() / 60_000 * 60_000 - INTERVALS * 60_000L;
    Random random = new Random(7);
    List<byte[]> manifests = new ArrayList<>();
    for (int i = 0; i < INTERVALS; i++) {
      long from = start + i * 60_000L;
      UmbralPublicKey epochKey = EpochKeys.epochSecret(owner, device,
          EpochKeys.epochOf(from, IntervalWriter.DEFAULT_KEY_EPOCH), IntervalWriter.DEFAULT_KEY_EPOCH).publicKey();
      manifests.add(codec.encode(writer.write(new Interval(device, "owner-bench", epochKey, from,
          from + 60_000, SimulatedReadings.of(device, "owner-bench", from, 60, random)))));
    }
    return manifests;
  }

  private static ChunkStore localStore(StackConfig stack) {
    return StorageCommand.localChunkStore(stack.storageNodeList(), 2);
  }
}
