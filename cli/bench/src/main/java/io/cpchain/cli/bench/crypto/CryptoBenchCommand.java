package io.cpchain.cli.bench.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.bench.Jmh;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench crypto}: the Java Umbral operations (JMH) against the reference implementation in
 * Node on the same machine in the same run, and the interval AEAD against raw JCA AES-GCM.
 */
@Command(name = "crypto", description = "Umbral vs the reference (Node, same run); interval AEAD vs raw AES-GCM.")
public final class CryptoBenchCommand implements Callable<Integer> {

  static final String REFERENCE_PACKAGE = "@nucypher/umbral-pre@0.10.0";
  static final List<String> UMBRAL_OPS = List.of("encapsulate", "generateKFrags", "reencrypt", "verifyCfrag",
      "decapsulateReencrypted");

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain", description = "where the reference is installed (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", description = "measurement seconds per operation (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--warmup", paramLabel = "S", description = "warm-up seconds per operation (default: 2 for Umbral,"
      + " 15 for the AEAD and AES-GCM, whose intrinsics C2 compiles late)")
  Integer warmup;

  @Option(names = "--json", description = "end with one line of JSON: the figures and ratios")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1 || (warmup != null && warmup < 1)) {
      throw new IllegalArgumentException("--seconds and --warmup must be at least 1");
    }
    System.out.println("== Java (JMH, 1 fork, 3 measured iterations per operation)");
    Map<String, Double> java = new LinkedHashMap<>(runJmh(UmbralBenchmarks.class, 2));
    // AES-GCM runs at a few percent of its speed until C2 compiles its intrinsics: a longer warm-up.
    java.putAll(runJmh(IntervalCipherBenchmarks.class, 15));
    System.out.println("== the reference, " + REFERENCE_PACKAGE + " on " + nodeVersion());
    JsonNode node = runReference();

    Figures figures = new Figures();
    System.out.printf("%-24s %14s %14s %12s%n", "operation", "Java ops/s", "Node ops/s", "time ratio");
    for (String op : UMBRAL_OPS) {
      double javaOps = java.get(op);
      double nodeOps = node.get(op).asDouble();
      double ratio = nodeOps / javaOps; // Java's time per operation over the reference's
      System.out.printf("%-24s %,14.0f %,14.0f %11.2fx%n", op, javaOps, nodeOps, ratio);
      figures.count(snake(op) + "_java_ops_per_s", javaOps, "ops/s")
          .count(snake(op) + "_node_ops_per_s", nodeOps, "ops/s")
          .ratio("ratio_" + snake(op) + "_time_java_vs_node", nodeOps, javaOps);
    }
    double aeadMbPerS = java.get("intervalCipherOneMiB");
    double gcmMbPerS = java.get("rawAesGcmOneMiB");
    System.out.printf("interval AEAD %,.0f MB/s vs raw JCA AES-256-GCM %,.0f MB/s: %.2f of raw%n", aeadMbPerS,
        gcmMbPerS, aeadMbPerS / gcmMbPerS);
    figures.value("interval_aead_mb_per_s", aeadMbPerS, "MiB/s")
        .value("aes_gcm_mb_per_s", gcmMbPerS, "MiB/s")
        .ratio("ratio_interval_aead_vs_aes_gcm", aeadMbPerS, gcmMbPerS)
        .print(System.out, json);
    return 0;
  }

  private Map<String, Double> runJmh(Class<?> benchmarks, int defaultWarmupSeconds) throws Exception {
    return Jmh.opsPerSecond(benchmarks.getName(), warmup == null ? defaultWarmupSeconds : warmup, seconds);
  }

  /** Installs the reference (once) under the work directory, never into the project, and runs the script. */
  private JsonNode runReference() throws Exception {
    Path dir = workDir.resolve("bench/umbral-reference").toAbsolutePath();
    Files.createDirectories(dir);
    Path script = dir.resolve("umbral-bench.cjs");
    try (InputStream in = CryptoBenchCommand.class.getResourceAsStream("/bench/umbral-bench.cjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/@nucypher/umbral-pre"))) {
      // A pinned version: a copy in npm's cache (the crypto module's interop test installs the same one) is as good
      // as the registry's, and the machine may reach the registry only through a CA that Node does not know.
      run(dir, "npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefer-offline", "--prefix",
          dir.toString(), REFERENCE_PACKAGE);
    }
    String out = run(dir, "node", script.toString(), Integer.toString(seconds));
    return new ObjectMapper().readTree(out);
  }

  private static String nodeVersion() throws Exception {
    return "Node " + run(Path.of("."), "node", "--version").strip();
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (is Node/npm installed?)");
    }
    return out;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
  }
}
