package io.cpchain.cli.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.cli.bench.BenchRun;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench insurance end to end with tiny parameters: both sides score, both results decrypt to the model's. */
class InsuranceBenchSmokeTest {

  @TempDir Path workDir;

  @BeforeAll
  static void home() {
    System.setProperty("cpchain.home", Path.of("../..").toAbsolutePath().normalize().toString());
  }

  @Test
  void comparesOneJvmThreadWithOneNodeProcessAndSaysSo() throws Exception {
    BenchRun run = BenchRun.of(new InsuranceBenchCommand(), "--seconds", "1", "--drivers", "4", "--threads", "2",
        "--model", Path.of("../..").resolve(InsurerCommand.DEFAULT_MODEL).toString(), "--work-dir", workDir.toString(),
        "--json");
    run.assertFigures(Set.of("scored_per_s", "scored_per_s_per_thread", "one_thread_scored_per_s",
        "one_thread_scored_per_s_best_batch", "node_scored_per_s", "node_scored_per_s_best_batch", "ratio_vs_node",
        "ratio_vs_node_average", "encrypt_ms_per_contribution"), Set.of("max_abs_error", "node_max_abs_error"));
    assertEquals(InsuranceBenchCommand.RATIO_BASIS, run.json().get("ratio_basis").asText());
    assertEquals(2, run.json().get("threads").asInt());
  }
}
