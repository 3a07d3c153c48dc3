package io.cpchain.cli.share;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.simulate.SimulatedReadings;
import io.cpchain.cli.bench.Jmh;
import io.cpchain.cli.bench.Repeat;
import io.cpchain.cli.Samples;
import io.cpchain.cli.bench.Stopwatch;
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
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import io.cpchain.storage.ChunkStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench share}, on the running local stack ({@code bin/cpchain up}): a bench owner's device
 * gets intervals written to the stack's storage and a 2-of-3 grant to a bench grantee. Then: raw
 * Umbral re-encryption on one core (JMH, the baseline); the grantee's latency to get one interval's
 * key (request signed, all 3 proxies asked, 2 cfrags verified, capsule opened: no data moved), one
 * request at a time; and throughput with concurrent grantees, re-encryptions counted at the proxies
 * (their {@code /v1/stats}, read before and after), per second and per CPU second of the proxies'
 * processes: on a machine the clients and the chain share, the second is what one proxy core does.
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
    out.println("baseline: raw Umbral re-encryption on one core (JMH)");
    double raw = Jmh.opsPerSecond(UmbralBenchmarks.class.getName() + ".reencrypt$", 2, 3).get("reencrypt");

    ChainClient chain = new ChainClient(stack.chainApi(1));
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
    Samples latenciesMicros = new Samples();
    for (int i = 0; i < requests; i++) {
      Stopwatch fetch = Stopwatch.start();
      fetcher.key(opened, manifests.get(i % INTERVALS), verified.get(i % INTERVALS));
      latenciesMicros.add(fetch.nanos() / 1_000);
    }
    double p50 = latenciesMicros.p50() / 1000.0;
    double p99 = latenciesMicros.p99() / 1000.0;
    out.printf("latency: one interval's key through 2 of 3 proxies, %d requests one at a time: p50 %.1f ms,"
        + " p99 %.1f ms%n", requests, p50, p99);

    AtomicInteger nextInterval = new AtomicInteger();
    List<ProxyClient> counted = proxies.directory().discover().values().stream().map(ProxyDirectory.Known::client)
        .toList();
    Messages.ProxyStats before = settled(counted);
    Stopwatch running = Stopwatch.start();
    long keys = Repeat.forDuration(clients, Duration.ofSeconds(seconds), () -> {
      int i = nextInterval.getAndIncrement();
      fetcher.key(opened, manifests.get(i % INTERVALS), verified.get(i % INTERVALS));
    });
    double elapsed = running.seconds();
    Messages.ProxyStats after = settled(counted);
    // Counted by the proxies themselves, so answers the grantee did not wait for are in, and none is assumed.
    long reencryptions = after.reencryptions() - before.reencryptions();
    double proxyCpuSeconds = (after.processCpuNanos() - before.processCpuNanos()) / 1e9;
    double intervalsPerS = keys / elapsed;
    double reencryptPerS = reencryptions / elapsed;
    double reencryptPerProxyCpuS = reencryptions / proxyCpuSeconds;
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf("throughput: %d clients for %.1f s: %.0f intervals/s opened, %.0f re-encryptions/s across %d proxies"
        + " (%.2f of raw per core: %.0f/s on one core here, %d cores shared by proxies, chain and clients)%n",
        clients, elapsed, intervalsPerS, reencryptPerS, LocalProxies.COUNT, reencryptPerS / (raw * cores), raw,
        cores);
    out.printf("per proxy core: %.0f re-encryptions per CPU second of the proxies' processes (%.1f CPU s in all),"
        + " %.2f of raw%n", reencryptPerProxyCpuS, proxyCpuSeconds, reencryptPerProxyCpuS / raw);
    new Figures()
        .count("reencrypt_per_s", reencryptPerS, "re-encryptions/s")
        .count("raw_reencrypt_per_s", raw, "re-encryptions/s")
        .ratio("ratio_per_core", reencryptPerS, raw * cores)
        .count("reencrypt_per_proxy_cpu_s", reencryptPerProxyCpuS, "re-encryptions/CPU s")
        .ratio("ratio_per_proxy_core", reencryptPerProxyCpuS, raw)
        .count("intervals_per_s", intervalsPerS, "intervals/s")
        .value("fetch_latency_ms_p50", p50, "ms")
        .value("fetch_latency_ms_p99", p99, "ms")
        .parameter("reencryptions_counted", reencryptions)
        .parameter("requests", requests)
        .parameter("clients", clients)
        .parameter("proxies", LocalProxies.COUNT)
        .parameter("threshold", 2)
        .print(out, json);
    return 0;
  }

  /**
   * The proxies' re-encryptions and CPU time since they started, summed, once the count holds still:
   * the last requests' third answers (the grantee went on with two) may still be on their way.
   */
  private static Messages.ProxyStats settled(List<ProxyClient> proxies) throws InterruptedException {
    Messages.ProxyStats stats = summed(proxies);
    for (int settle = 0; settle < 40; settle++) {
      Thread.sleep(50);
      Messages.ProxyStats again = summed(proxies);
      if (again.reencryptions() == stats.reencryptions()) {
        return again;
      }
      stats = again;
    }
    return stats;
  }

  private static Messages.ProxyStats summed(List<ProxyClient> proxies) {
    List<Messages.ProxyStats> each = proxies.stream().map(ProxyClient::stats).toList();
    return new Messages.ProxyStats(each.stream().mapToLong(Messages.ProxyStats::reencryptions).sum(),
        each.stream().mapToLong(Messages.ProxyStats::processCpuNanos).sum());
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
    return StorageCommand.localChunkStore(stack, 2);
  }
}
