package io.cpchain.cli.bench.crypto;

import io.cpchain.cli.bench.BenchRun;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * bench crypto end to end with the shortest JMH runs: Umbral and the AEAD in a JMH fork, the
 * reference on Node. The reference is installed once under target/ (npm, as the bench does).
 */
class CryptoBenchSmokeTest {

  @Test
  void printsEveryFigureAndItsJson() throws Exception {
    BenchRun run = BenchRun.of(new CryptoBenchCommand(), "--seconds", "1", "--warmup", "1", "--work-dir",
        Path.of("target/bench-smoke").toAbsolutePath().toString(), "--json");
    Set<String> keys = new HashSet<>(Set.of("interval_aead_mb_per_s", "aes_gcm_mb_per_s",
        "ratio_interval_aead_vs_aes_gcm"));
    for (String op : CryptoBenchCommand.UMBRAL_OPS) {
      String snake = op.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
      keys.addAll(Set.of(snake + "_java_ops_per_s", snake + "_node_ops_per_s",
          "ratio_" + snake + "_time_java_vs_node"));
    }
    run.assertFigures(keys, Set.of());
  }
}
