package io.cpchain.cli.chain;

import io.cpchain.cli.bench.BenchRun;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench chain end to end on its own fresh 4-node chain (processes, free ports), with the fewest transactions. */
class ChainBenchSmokeITCase {

  @TempDir Path workDir;

  @Test
  void printsEveryFigureAndItsJson() throws Exception {
    int p2p = BenchRun.freePorts(4);
    int api = BenchRun.freePorts(4);
    BenchRun run = BenchRun.of(new ChainBenchCommand(), "--txs", "100", "--work-dir", workDir.toString(),
        "--p2p-port", Integer.toString(p2p), "--api-port", Integer.toString(api), "--json");
    run.assertFigures(Set.of("tx_per_s", "finality_ms_p50", "finality_ms_p99", "single_node_tx_per_s",
        "ratio_to_single_node", "secp256k1_recover_per_s", "ceiling_tx_per_s", "latency_offered_tx_per_s", "nodes",
        "txs"), Set.of("finality_ms_p50", "finality_ms_p99"));
  }
}
