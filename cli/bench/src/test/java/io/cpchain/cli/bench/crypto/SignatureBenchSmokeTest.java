package io.cpchain.cli.bench.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.cli.bench.BenchRun;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** bench signatures end to end with the shortest JMH runs: every figure there, the native backends in use. */
class SignatureBenchSmokeTest {

  @Test
  void printsEveryFigureAndItsJson() throws Exception {
    BenchRun run = BenchRun.of(new SignatureBenchCommand(), "--seconds", "1", "--warmup", "1", "--json");
    run.assertFigures(Set.of("secp256k1_recover_native_ops_per_s", "secp256k1_recover_bouncy_castle_ops_per_s",
        "ratio_secp256k1_recover_native_vs_bouncy_castle", "ed25519_verify_native_ops_per_s",
        "ed25519_verify_bouncy_castle_ops_per_s", "ratio_ed25519_verify_native_vs_bouncy_castle",
        "ed25519_verify_before_ops_per_s", "ratio_ed25519_verify_native_vs_before"), Set.of());
    assertEquals("secp256k1: libsecp256k1, Ed25519: libsodium", run.json().get("backends_in_use").asText());
  }
}
