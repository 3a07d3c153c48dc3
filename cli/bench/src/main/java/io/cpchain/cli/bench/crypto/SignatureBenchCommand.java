package io.cpchain.cli.bench.crypto;

import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.bench.Jmh;
import io.cpchain.crypto.sign.SignatureBackend;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench signatures}: secp256k1 sender recovery and Ed25519 verification through the native
 * libraries (libsecp256k1, libsodium) against Bouncy Castle, the fallback, in the same run (JMH, one
 * thread). Ed25519 also against the check before the rule (Bouncy Castle's verify alone).
 */
@Command(name = "signatures", description = "Native signature checks (libsecp256k1, libsodium) vs Bouncy Castle, same run.")
public final class SignatureBenchCommand implements Callable<Integer> {

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", description = "measurement seconds per iteration (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "3", description = "1-second warm-up iterations (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--json", description = "end with one line of JSON: the figures and ratios")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || warmup < 1) {
      throw new IllegalArgumentException("--seconds and --warmup must be at least 1");
    }
    System.out.println("== signature checks in use: " + SignatureBackend.inUse());
    Map<String, Double> ops = Jmh.opsPerSecond(SignatureBenchmarks.class.getName(), warmup, seconds);
    Figures figures = new Figures();
    System.out.printf("%-22s %16s %16s %10s%n", "operation", "native ops/s", "BC ops/s", "native/BC");
    for (String op : new String[] {"secp256k1Recover", "ed25519Verify"}) {
      double nativeOps = ops.get(op + "Native");
      double bcOps = ops.get(op + "BouncyCastle");
      System.out.printf("%-22s %,16.0f %,16.0f %9.2fx%n", op, nativeOps, bcOps, nativeOps / bcOps);
      String name = op.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
      figures.count(name + "_native_ops_per_s", nativeOps, "ops/s")
          .count(name + "_bouncy_castle_ops_per_s", bcOps, "ops/s")
          .ratio("ratio_" + name + "_native_vs_bouncy_castle", nativeOps, bcOps);
    }
    double beforeOps = ops.get("ed25519VerifyBefore");
    System.out.printf("%-22s %16s %,16.0f %9.2fx%n", "ed25519Verify (before)", "", beforeOps,
        ops.get("ed25519VerifyNative") / beforeOps);
    figures.count("ed25519_verify_before_ops_per_s", beforeOps, "ops/s")
        .ratio("ratio_ed25519_verify_native_vs_before", ops.get("ed25519VerifyNative"), beforeOps);
    figures.parameter("backends_in_use", SignatureBackend.inUse()).print(System.out, json);
    return 0;
  }
}
