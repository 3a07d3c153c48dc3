package io.cpchain.cli.he;

import io.cpchain.cli.bench.BenchRun;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench he end to end with tiny parameters: SEAL in the JVM, node-seal on Node, Paillier; figures only, no speeds. */
class HeBenchSmokeTest {

  @TempDir Path workDir;

  @BeforeAll
  static void home() {
    System.setProperty("cpchain.home", Path.of("../..").toAbsolutePath().normalize().toString());
  }

  @Test
  void printsEveryFigureAndItsJson() throws Exception {
    BenchRun run = BenchRun.of(new HeBenchCommand(), "--seconds", "1", "--paillier-values", "10", "--work-dir",
        workDir.toString(), "--json");
    run.assertFigures(Set.of("encrypt_java_ms", "encrypt_node_ms", "ratio_vs_node_encrypt", "add_java_ms",
        "decrypt_node_ms", "load_add_java_ms", "he_add_values_per_s", "paillier_add_values_per_s",
        "paillier_encrypt_values_per_s", "ratio_vs_paillier_per_value", "ratio_vs_paillier_raw_per_value_with_load",
        "ratio_vs_paillier_encrypt_per_value", "he_encrypt_values_per_s"), Set.of());
  }
}
