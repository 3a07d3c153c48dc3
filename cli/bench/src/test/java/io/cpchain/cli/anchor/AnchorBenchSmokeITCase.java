package io.cpchain.cli.anchor;

import io.cpchain.cli.bench.BenchRun;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench anchor end to end on its own fresh 4-node chain (processes, free ports), with few manifests. */
class AnchorBenchSmokeITCase {

  @TempDir Path workDir;

  @Test
  void printsEveryFigureAndItsJson() throws Exception {
    int p2p = BenchRun.freePorts(4);
    int api = BenchRun.freePorts(4);
    BenchRun run = BenchRun.of(new AnchorBenchCommand(), "--manifests", "200", "--batch", "50", "--txs", "100",
        "--work-dir", workDir.toString(), "--p2p-port", Integer.toString(p2p), "--api-port", Integer.toString(api),
        "--json");
    run.assertFigures(Set.of("manifests_per_s", "anchor_latency_ms_p50", "anchor_latency_ms_p99", "chain_tx_per_s",
        "ratio_manifests_vs_chain_tx", "burst_latency_ms_p99", "latency_offered_manifests_per_s", "manifests",
        "batches"), Set.of());
  }
}
