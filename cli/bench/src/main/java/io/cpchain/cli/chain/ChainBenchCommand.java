package io.cpchain.cli.chain;

import io.cpchain.cli.bench.BenchChainPorts;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.Samples;
import io.cpchain.cli.bench.Stopwatch;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.io.Closeable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench chain}: a fresh 4-node local chain (separate processes) under signed transfers.
 * Phase 1 submits {@code --txs} in batches of 250 as fast as the nodes take them: throughput, first
 * submit to last final. Phase 2 offers half as many in batches of 25 at 60 % of that throughput:
 * finality latency, submit to final (seen on node 1's block stream). The baseline, same run, before the cluster starts: one node
 * appending the phase-1 transactions with no consensus; and the rate of secp256k1 sender recovery on
 * all cores, which bounds any cluster of validators sharing this machine.
 */
@Command(name = "chain", description = "Chain tx/s and finality on a 4-node local cluster vs one node without consensus.")
public final class ChainBenchCommand implements Callable<Integer> {

  @Option(names = "--txs", paramLabel = "N", defaultValue = "10000", description = "transactions in the throughput"
      + " phase (default: ${DEFAULT-VALUE}); the latency phase sends half as many")
  int txs;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "the benchmark's chain goes in bench-chain/ here, deleted afterwards (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--json", description = "end with one line of JSON: the figures, for scripts")
  boolean json;

  @Mixin BenchChainPorts ports = new BenchChainPorts(200);

  private static final int NODES = 4;
  /** Transactions per submit call: large for throughput, small when measuring latency as clients see it. */
  private static final int PEAK_BATCH = 250;
  private static final int PACED_BATCH = 25;

  @Override
  public Integer call() throws Exception {
    if (txs < 100 || txs > 1_000_000) {
      throw new IllegalArgumentException("--txs must be between 100 and 1000000");
    }
    PrintStream out = System.out;
    LocalChain chain = new LocalChain(workDir, "bench-chain", ports.p2p(), ports.api());
    chain.down();
    chain.purge();
    ChainLayout layout = ChainLayout.create(chain.dir(), NODES, LocalChain.CLIENT_ACCOUNTS, ports.p2p(), ports.api(),
        io.cpchain.consensus.core.ConsensusConfig.DEFAULT, Map.of());
    Genesis genesis = GenesisFile.read(chain.dir().resolve("genesis.yaml"));
    int warmup = Math.max(100, txs / 5);
    out.printf("signing %d transfers from %d accounts...%n", warmup + txs + txs / 2, layout.clients());
    List<List<Transaction>> phases = sign(layout, genesis.chainId(), warmup, txs, txs / 2);
    List<Transaction> warm = phases.get(0);
    List<Transaction> peak = phases.get(1);
    List<Transaction> paced = phases.get(2);

    out.println("baseline: one node appending the same transactions, no consensus...");
    double single = SingleNodeBaseline.run(genesis, warm.stream().map(Transaction::encoded).toList(),
        peak.stream().map(Transaction::encoded).toList(),
        chain.dir().resolve("baseline"));
    out.printf("  %.0f tx/s%n", single);

    // Every validator must recover every transaction's sender once: on one machine that caps the cluster
    // at (recoveries/s on all cores) / NODES, whatever the protocol does.
    Stopwatch recovering = Stopwatch.start();
    paced.parallelStream().forEach(tx -> decode(tx.encoded()));
    double recoverPerS = recovering.perSecond(paced.size());
    out.printf("secp256k1 sender recovery: %.0f/s on all cores, so at most %.0f tx/s for %d validators on this"
        + " machine%n", recoverPerS, recoverPerS / NODES, NODES);

    try {
      chain.up(NODES, out);
      Thread.sleep(1_000);
      ChainClient[] clients = IntStream.rangeClosed(1, NODES).mapToObj(i -> new ChainClient(layout.api(i)))
          .toArray(ChainClient[]::new);
      // Fresh JVMs: let the JIT compile the hot paths before measuring.
      drive(clients, warm, 0, PEAK_BATCH);
      out.println("warmed up with " + warm.size() + " transactions");
      Run throughput = drive(clients, peak, 0, PEAK_BATCH);
      double txPerS = peak.size() / throughput.seconds();
      out.printf("throughput: %d tx final in %.2f s: %.0f tx/s (%.2fx the single node); %d blocks, %d after round 0%n",
          peak.size(), throughput.seconds(), txPerS, txPerS / single, throughput.blocks(),
          throughput.lateBlocks());
      double offered = 0.6 * txPerS;
      Run latency = drive(clients, paced, offered, PACED_BATCH);
      Samples finality = latency.latenciesMs();
      out.printf("finality at %.0f tx/s offered (60%% of peak): p50 %d ms, p99 %d ms, max %d ms; %d blocks, %d after"
          + " round 0%n", offered, finality.p50(), finality.p99(), finality.max(), latency.blocks(),
          latency.lateBlocks());
      new Figures()
          .count("tx_per_s", txPerS, "tx/s")
          .count("finality_ms_p50", finality.p50(), "ms")
          .count("finality_ms_p99", finality.p99(), "ms")
          .count("single_node_tx_per_s", single, "tx/s")
          .ratio("ratio_to_single_node", txPerS, single)
          .count("secp256k1_recover_per_s", recoverPerS, "recoveries/s")
          .count("ceiling_tx_per_s", recoverPerS / NODES, "tx/s")
          .count("latency_offered_tx_per_s", offered, "tx/s")
          .parameter("nodes", NODES)
          .parameter("txs", peak.size())
          .print(out, json);
      return 0;
    } finally {
      chain.down();
      chain.purge();
    }
  }

  /** Transfers, round-robin over the client accounts so every block mixes senders; nonces in order per sender. */
  private static List<List<Transaction>> sign(ChainLayout layout, long chainId, int... counts) throws Exception {
    List<AccountPrivateKey> senders = new ArrayList<>();
    for (int j = 1; j <= layout.clients(); j++) {
      senders.add(layout.client(j));
    }
    int total = Arrays.stream(counts).sum();
    Transaction[] all = new Transaction[total];
    IntStream.range(0, senders.size()).parallel().forEach(s -> {
      long nonce = 0;
      for (int i = s; i < total; i += senders.size()) {
        all[i] = Transaction.sign(senders.get(s), chainId, nonce++,
            new Payload.Transfer(senders.get((s + 1) % senders.size()).publicKey().address(), 1));
      }
    });
    List<List<Transaction>> phases = new ArrayList<>();
    int from = 0;
    for (int count : counts) {
      phases.add(List.of(all).subList(from, from + count));
      from += count;
    }
    return phases;
  }

  /** {@code lateBlocks}: blocks final only after round 0 (a timeout or a lost proposal). */
  private record Run(long firstSubmitNanos, long lastFinalNanos, Samples latenciesMs, int blocks, int lateBlocks) {
    double seconds() {
      return (lastFinalNanos - firstSubmitNanos) / 1e9;
    }
  }

  /** Submits in batches spread over the nodes (paced to {@code rate} tx/s if positive) and waits until all are final. */
  private static Run drive(ChainClient[] clients, List<Transaction> txs, double rate, int batch) throws Exception {
    Map<String, Integer> index = new ConcurrentHashMap<>();
    for (int i = 0; i < txs.size(); i++) {
      index.put(txs.get(i).hash().toHex(), i);
    }
    long[] submitted = new long[txs.size()];
    long[] finalAt = new long[txs.size()];
    CountDownLatch allFinal = new CountDownLatch(txs.size());
    int[] blocks = new int[2];
    long from = clients[0].status().height() + 1;
    ExecutorService submitters = Executors.newFixedThreadPool(clients.length);
    try (Closeable stream = clients[0].stream(from, block -> {
      long now = System.nanoTime();
      blocks[0]++;
      blocks[1] += block.qcRound() > 0 ? 1 : 0;
      for (String hash : block.txs()) {
        Integer i = index.remove(hash);
        if (i != null) {
          finalAt[i] = now;
          allFinal.countDown();
        }
      }
    })) {
      long start = System.nanoTime();
      List<Future<?>> sends = new ArrayList<>();
      for (int b = 0; b * batch < txs.size(); b++) {
        int lo = b * batch;
        int hi = Math.min(txs.size(), lo + batch);
        if (rate > 0) {
          long due = start + (long) (lo / rate * 1e9);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        ChainClient client = clients[b % clients.length];
        sends.add(submitters.submit(() -> {
          long now = System.nanoTime();
          Arrays.fill(submitted, lo, hi, now);
          List<Views.SubmitResult> results = client.submit(txs.subList(lo, hi));
          results.stream().filter(r -> !r.accepted()).findFirst().ifPresent(r -> {
            throw new IllegalStateException("a node refused a benchmark transaction: " + r.error());
          });
          return null;
        }));
      }
      for (Future<?> send : sends) {
        send.get();
      }
      if (!allFinal.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException(allFinal.getCount() + " transactions not final after 10 minutes");
      }
      long first = Arrays.stream(submitted).min().orElseThrow();
      long last = Arrays.stream(finalAt).max().orElseThrow();
      Samples latencies = Samples.of(IntStream.range(0, txs.size())
          .mapToLong(i -> (finalAt[i] - submitted[i]) / 1_000_000).toArray());
      return new Run(first, last, latencies, blocks[0], blocks[1]);
    } finally {
      submitters.shutdownNow();
    }
  }

  private static Transaction decode(byte[] bytes) {
    try {
      return Transaction.decode(bytes);
    } catch (io.cpchain.consensus.api.CodecException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
