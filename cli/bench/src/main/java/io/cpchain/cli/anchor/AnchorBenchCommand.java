package io.cpchain.cli.anchor;

import io.cpchain.anchor.batch.AnchorQueue;
import io.cpchain.anchor.batch.Anchored;
import io.cpchain.anchor.batch.Anchorer;
import io.cpchain.anchor.batch.Batch;
import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.serde.AnchorReceipts;
import io.cpchain.cli.bench.BenchChainPorts;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.Samples;
import io.cpchain.cli.bench.Stopwatch;
import io.cpchain.cli.chain.LocalChain;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench anchor}: a fresh 4-node local chain. First its raw rate: signed transfers submitted in
 * batches, first submit to last final. Then anchoring as the job does it, without Kafka and Flink:
 * manifest hashes into the {@link AnchorQueue}, batches of {@code --batch}, each through the
 * {@link Anchorer} (root lookup, signed Anchor, finality) and turned into receipts with inclusion
 * proofs. Throughput: all manifests offered at once, manifests / (first in → last receipt out).
 * Latency: manifests offered at 60 % of that rate for 10 s with an upload interval of 1 s; batch
 * sealed (its upload interval closed, or full) → final and its receipts built.
 */
@Command(name = "anchor", description = "Manifests anchored per second and anchor latency on a 4-node local chain,"
    + " with the chain's raw tx/s measured in the same run.")
public final class AnchorBenchCommand implements Callable<Integer> {

  @Option(names = "--manifests", paramLabel = "N", defaultValue = "100000",
      description = "manifests to anchor (default: ${DEFAULT-VALUE})")
  int manifests;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "1000",
      description = "manifests per batch, i.e. per Anchor transaction (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--txs", paramLabel = "N", defaultValue = "3000",
      description = "transfers for the chain's raw rate (default: ${DEFAULT-VALUE})")
  int txs;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "the benchmark's chain goes in bench-anchor-chain/ here, deleted afterwards (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--json", description = "end with one line of JSON: the figures, for scripts")
  boolean json;

  @Mixin BenchChainPorts ports = new BenchChainPorts(300);

  private static final int NODES = 4;
  private static final int SUBMIT_BATCH = 250;
  private static final int PACED_SECONDS = 10;

  @Override
  public Integer call() throws Exception {
    if (manifests < 1 || batch < 1 || txs < 100) {
      throw new IllegalArgumentException("--manifests and --batch must be positive, --txs at least 100");
    }
    PrintStream out = System.out;
    LocalChain chain = new LocalChain(workDir, "bench-anchor-chain", ports.p2p(), ports.api());
    chain.down();
    chain.purge();
    try {
      ChainLayout layout = chain.up(NODES, out);
      List<ChainClient> nodes = IntStream.rangeClosed(1, NODES).mapToObj(i -> new ChainClient(layout.api(i))).toList();
      double chainTxPerS = rawRate(layout, nodes);
      out.printf("chain: %d transfers final at %.0f tx/s%n", txs, chainTxPerS);

      Anchorer anchorer = new Anchorer(nodes, layout.client(1), "bench-anchor", Duration.ofSeconds(30).toMillis());
      Random random = new Random(42);
      // Throughput: every manifest at once, batches of --batch, as fast as the chain and the proofs go.
      AnchorQueue queue = new AnchorQueue(1, batch);
      Stopwatch burst = Stopwatch.start();
      for (int i = 0; i < manifests; i++) {
        queue.add(manifest(random, i));
      }
      queue.sealIfDue(System.currentTimeMillis() + 1);
      int batches = queue.sealed().size();
      Samples burstLatencies = new Samples();
      long receipts = drain(queue, anchorer, () -> false, burstLatencies);
      double seconds = burst.seconds();
      double perS = receipts / seconds;
      out.printf("throughput: %d manifests in %d batches of up to %d in %.2f s: %.0f manifests/s (latency sealed ->"
          + " final with receipts, all offered at once: p99 %d ms)%n", receipts, batches, batch, seconds, perS,
          burstLatencies.p99());

      // Latency: manifests offered at 60 % of that rate for PACED_SECONDS, upload interval 1 s.
      double rate = 0.6 * perS;
      int total = (int) (rate * PACED_SECONDS);
      AnchorQueue paced = new AnchorQueue(1_000, batch);
      Samples latencies = new Samples();
      Stopwatch pacing = Stopwatch.start();
      int[] sent = {0};
      long pacedReceipts = drain(paced, anchorer, () -> {
        int due = (int) Math.min(total, rate * pacing.seconds());
        for (; sent[0] < due; sent[0]++) {
          paced.add(manifest(random, manifests + sent[0]));
        }
        paced.sealIfDue(System.currentTimeMillis());
        return sent[0] < total;
      }, latencies);
      out.printf("latency at %.0f manifests/s offered (60%% of peak), upload interval 1 s: %d manifests in %d batches,"
          + " sealed -> final with receipts p50 %d ms, p99 %d ms%n", rate, pacedReceipts, latencies.size(),
          latencies.p50(), latencies.p99());
      new Figures()
          .count("manifests_per_s", perS, "manifests/s")
          .count("anchor_latency_ms_p50", latencies.p50(), "ms")
          .count("anchor_latency_ms_p99", latencies.p99(), "ms")
          .count("chain_tx_per_s", chainTxPerS, "tx/s")
          .ratio("ratio_manifests_vs_chain_tx", perS, chainTxPerS)
          .count("burst_latency_ms_p99", burstLatencies.p99(), "ms")
          .count("latency_offered_manifests_per_s", rate, "manifests/s")
          .parameter("manifests", receipts)
          .parameter("batches", batches)
          .parameter("batch", batch)
          .parameter("nodes", NODES)
          .print(out, json);
      return 0;
    } finally {
      chain.down();
      chain.purge();
    }
  }

  private static ManifestRef manifest(Random random, int i) {
    byte[] hash = new byte[32];
    random.nextBytes(hash);
    return new ManifestRef(hash, "bench-" + (i % 1000), 60_000L * i, 60_000L * (i + 1), System.currentTimeMillis());
  }

  /**
   * Runs the queue as the job's operator does (every sealed batch counts as checkpointed: there is no
   * Flink here) until {@code feed} says nothing more comes and every batch is final; returns receipts built.
   */
  private static long drain(AnchorQueue queue, Anchorer anchorer, BooleanSupplier feed, Samples latencies)
      throws InterruptedException {
    long receipts = 0;
    long checkpoint = 0;
    boolean more = true;
    while (more || !queue.sealed().isEmpty() || !queue.open().isEmpty()) {
      more = feed.getAsBoolean();
      if (!more) {
        queue.sealIfDue(Long.MAX_VALUE);
      }
      queue.checkpointing(++checkpoint);
      queue.checkpointCompleted(checkpoint);
      for (Map.Entry<Batch, Anchored> done : anchorer.advance(queue.submittable(), System.currentTimeMillis())
          .entrySet()) {
        receipts += AnchorReceipts.of(done.getKey(), done.getValue(), "bench-anchor").size();
        latencies.add(System.currentTimeMillis() - done.getKey().sealedAtMs());
        queue.anchored(done.getKey());
      }
      Thread.sleep(20);
    }
    return receipts;
  }

  /** Transfers from the other client accounts, submitted round-robin over the nodes; tx/s first submit to all final. */
  private double rawRate(ChainLayout layout, List<ChainClient> nodes) throws Exception {
    List<AccountPrivateKey> senders = new ArrayList<>();
    for (int j = 2; j <= layout.clients(); j++) {
      senders.add(layout.client(j));
    }
    long chainId = layout.chainId();
    Transaction[] all = new Transaction[txs];
    IntStream.range(0, senders.size()).parallel().forEach(s -> {
      long nonce = 0;
      for (int i = s; i < txs; i += senders.size()) {
        all[i] = Transaction.sign(senders.get(s), chainId, nonce++,
            new Payload.Transfer(senders.get((s + 1) % senders.size()).publicKey().address(), 1));
      }
    });
    Stopwatch submitting = Stopwatch.start();
    for (int lo = 0; lo < txs; lo += SUBMIT_BATCH) {
      List<Views.SubmitResult> results = nodes.get(lo / SUBMIT_BATCH % nodes.size())
          .submit(Arrays.asList(all).subList(lo, Math.min(txs, lo + SUBMIT_BATCH)));
      results.stream().filter(r -> !r.accepted()).findFirst().ifPresent(r -> {
        throw new IllegalStateException("a node refused a benchmark transaction: " + r.error());
      });
    }
    for (int i = txs - senders.size(); i < txs; i++) { // each sender's last transaction: all of its are final then
      nodes.get(0).awaitReceipt(all[i].hash(), Duration.ofMinutes(5));
    }
    return submitting.perSecond(txs);
  }
}
