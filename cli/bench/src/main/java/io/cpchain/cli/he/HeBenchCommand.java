package io.cpchain.cli.he;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.n1analytics.paillier.EncryptedNumber;
import com.n1analytics.paillier.PaillierContext;
import com.n1analytics.paillier.PaillierPrivateKey;
import io.cpchain.cli.Home;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.bench.Repeat;
import io.cpchain.he.seal.BatchEncoder;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.Decryptor;
import io.cpchain.he.seal.Encryptor;
import io.cpchain.he.seal.Evaluator;
import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import io.cpchain.he.traffic.TrafficLayout;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench he}: SEAL BFV (n = 8192, the traffic parameters) from Java through Javet against
 * node-seal on plain Node, the same wasm, in the same run; and the traffic aggregation's values per
 * second against Paillier (javallier, 2048-bit modulus) summing the same values.
 */
@Command(name = "he", description = "SEAL BFV n=8192 in Java (Javet) vs node-seal on Node (same wasm, same run);"
    + " encrypted aggregation per value vs Paillier.")
public final class HeBenchCommand implements Callable<Integer> {

  static final String[] OPS = {"encrypt", "add", "multiply_plain", "decrypt"};
  /** Values one traffic ciphertext carries: 5 metrics for each of 1024 segments. */
  static final int VALUES_PER_CIPHERTEXT =
      TrafficLayout.Metric.values().length * TrafficLayout.SEGMENTS_PER_REGION;
  private static final int PAILLIER_BITS = 2048;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "where the bench keeps its scratch files (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "3",
      description = "measured seconds per operation (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--paillier-values", paramLabel = "N", defaultValue = "500",
      description = "values Paillier encrypts and sums (default: ${DEFAULT-VALUE})")
  int paillierValues;

  @Option(names = "--json", description = "end with one line of JSON: the figures and ratios")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1) {
      throw new IllegalArgumentException("--seconds must be at least 1");
    }
    if (paillierValues < 10) {
      throw new IllegalArgumentException("--paillier-values must be at least 10");
    }
    System.out.println("parameters: " + TrafficLayout.PARAMETERS);
    Figures figures = new Figures();

    Path dir = workDir.resolve("bench/he").toAbsolutePath();
    Files.createDirectories(dir);
    Map<String, Double> java = new LinkedHashMap<>();
    try (SealEngine engine = SealEngine.start(); SealContext context = engine.context(TrafficLayout.PARAMETERS)) {
      System.out.println("== Java: " + engine.sealVersion() + " in V8 (Javet), " + seconds + " s per operation");
      Files.write(dir.resolve("parms.bin"), context.saveParameters());
      java.putAll(measureJava(context));
    }
    System.out.println("== Node: the same package on " + run("node", "--version").strip());
    JsonNode node = new ObjectMapper().readTree(runNode(dir));

    System.out.printf("%-22s %12s %12s %10s%n", "operation", "Java ms", "Node ms", "Java/Node");
    for (String op : OPS) {
      double javaMs = java.get(op);
      double nodeMs = node.get(op + "_ms").asDouble();
      System.out.printf("%-22s %12.3f %12.3f %9.2fx%n", label(op), javaMs, nodeMs, javaMs / nodeMs);
      figures.value(op + "_java_ms", javaMs, "ms").value(op + "_node_ms", nodeMs, "ms")
          .ratio("ratio_vs_node_" + op, javaMs, nodeMs);
    }

    // Aggregation per value: the job's work per contribution is a load (deserialize) and an add.
    double heAddValuesPerS = VALUES_PER_CIPHERTEXT / (java.get("add") / 1000);
    double heLoadAddValuesPerS = VALUES_PER_CIPHERTEXT / (java.get("load_add") / 1000);
    double heEncryptValuesPerS = VALUES_PER_CIPHERTEXT / (java.get("encrypt") / 1000);
    Map<String, Double> paillier = measurePaillier();
    System.out.printf("aggregation, values/s (one traffic ciphertext = %d values):%n", VALUES_PER_CIPHERTEXT);
    System.out.printf("  BFV add %,.0f; load+add as the job does %,.0f; Paillier-%d add %,.0f%n", heAddValuesPerS,
        heLoadAddValuesPerS, PAILLIER_BITS, paillier.get("add"));
    System.out.printf("  Paillier bare multiplication mod n^2 %,.0f%n", paillier.get("raw_add"));
    System.out.printf("  ratio per value: %.0fx (add), %.0fx (load+add); vs bare Paillier %.0fx, %.0fx%n",
        heAddValuesPerS / paillier.get("add"), heLoadAddValuesPerS / paillier.get("add"),
        heAddValuesPerS / paillier.get("raw_add"), heLoadAddValuesPerS / paillier.get("raw_add"));
    System.out.printf("encryption, values/s (both warmed up alike): BFV %,.0f; Paillier-%d %,.0f: %.0fx%n",
        heEncryptValuesPerS, PAILLIER_BITS, paillier.get("encrypt"), heEncryptValuesPerS / paillier.get("encrypt"));
    figures.value("load_add_java_ms", java.get("load_add"), "ms")
        .parameter("he_values_per_ciphertext", VALUES_PER_CIPHERTEXT)
        .count("he_add_values_per_s", heAddValuesPerS, "values/s")
        .count("he_load_add_values_per_s", heLoadAddValuesPerS, "values/s")
        .parameter("paillier_bits", PAILLIER_BITS)
        .count("paillier_add_values_per_s", paillier.get("add"), "values/s")
        .value("paillier_encrypt_values_per_s", paillier.get("encrypt"), "values/s")
        .ratio("ratio_vs_paillier_per_value", heAddValuesPerS, paillier.get("add"))
        .ratio("ratio_vs_paillier_per_value_with_load", heLoadAddValuesPerS, paillier.get("add"))
        .count("paillier_raw_add_values_per_s", paillier.get("raw_add"), "values/s")
        .ratio("ratio_vs_paillier_raw_per_value", heAddValuesPerS, paillier.get("raw_add"))
        .ratio("ratio_vs_paillier_raw_per_value_with_load", heLoadAddValuesPerS, paillier.get("raw_add"))
        .count("he_encrypt_values_per_s", heEncryptValuesPerS, "values/s")
        .ratio("ratio_vs_paillier_encrypt_per_value", heEncryptValuesPerS, paillier.get("encrypt"))
        .print(System.out, json);
    return 0;
  }

  private Map<String, Double> measureJava(SealContext context) {
    Map<String, Double> ms = new LinkedHashMap<>();
    long[] values = LongStream.range(0, TrafficLayout.PARAMETERS.slotCount()).map(i -> (i * 7919) % 1000).toArray();
    try (KeyGenerator keys = context.keyGenerator();
        SecretKey secretKey = keys.secretKey();
        PublicKey publicKey = keys.createPublicKey();
        BatchEncoder encoder = context.batchEncoder();
        Encryptor encryptor = context.encryptor(publicKey);
        Decryptor decryptor = context.decryptor(secretKey);
        Evaluator evaluator = context.evaluator();
        Plaintext plain = encoder.encode(values);
        Ciphertext a = encryptor.encrypt(plain);
        Ciphertext b = encryptor.encrypt(plain);
        Ciphertext accumulator = encryptor.encrypt(plain)) {
      ms.put("encrypt", measure(() -> {
        try (Plaintext p = encoder.encode(values); Ciphertext c = encryptor.encrypt(p)) {
          return c;
        }
      }));
      ms.put("add", measure(() -> {
        try (Ciphertext c = evaluator.add(a, b)) {
          return c;
        }
      }));
      ms.put("multiply_plain", measure(() -> {
        try (Ciphertext c = evaluator.multiplyPlain(a, plain)) {
          return c;
        }
      }));
      ms.put("decrypt", measure(() -> {
        try (Plaintext p = decryptor.decrypt(a)) {
          return encoder.decodeUnsigned(p);
        }
      }));
      byte[] saved = a.save();
      ms.put("load_add", measure(() -> {
        try (Ciphertext next = context.loadCiphertext(saved)) {
          evaluator.addInPlace(accumulator, next);
          return next;
        }
      }));
    }
    return ms;
  }

  private double measure(Supplier<Object> op) {
    return Repeat.msPerCall(Duration.ofSeconds(seconds), op);
  }

  /**
   * Values per second: Paillier encryption (with its randomisation) and homomorphic addition, each
   * warmed up and timed as the BFV operations are ({@link Repeat#msPerCall}).
   */
  private Map<String, Double> measurePaillier() {
    PaillierPrivateKey privateKey = PaillierPrivateKey.create(PAILLIER_BITS);
    PaillierContext context = privateKey.getPublicKey().createSignedContext();
    long[] values = LongStream.range(0, paillierValues).map(i -> (i * 7919) % 1000).toArray();
    // One exponent for all (integers need none), as an aggregation would encode them: javallier's
    // default base-16 encoding gives 352 exponent 1, and every add across exponents costs a modPow.
    IntFunction<EncryptedNumber> encrypt =
        i -> context.encrypt(context.encode(values[i]).decreaseExponentTo(0)).obfuscate();
    int[] next = {0};
    double encryptPerS = 1000 / measure(() -> encrypt.apply(next[0]++ % values.length));
    List<EncryptedNumber> encrypted = IntStream.range(0, values.length).mapToObj(encrypt).toList();
    long expected = LongStream.of(values).sum();

    Supplier<Object> sum = () -> {
      EncryptedNumber total = encrypted.get(0);
      for (int i = 1; i < encrypted.size(); i++) {
        total = total.add(encrypted.get(i));
      }
      return total;
    };
    double addPerS = (encrypted.size() - 1) * 1000 / measure(sum);
    long decrypted = privateKey.decrypt((EncryptedNumber) sum.get()).decodeLong();
    if (decrypted != expected) {
      throw new IllegalStateException("Paillier summed to " + decrypted + ", expected " + expected);
    }
    // The library's add also checks contexts and aligns exponents; the bare operation is one
    // multiplication modulo n^2: the strongest Paillier baseline.
    BigInteger modulusSquared = privateKey.getPublicKey().getModulusSquared();
    List<BigInteger> raw = encrypted.stream().map(EncryptedNumber::calculateCiphertext).toList();
    Supplier<Object> rawSum = () -> {
      BigInteger total = raw.get(0);
      for (int i = 1; i < raw.size(); i++) {
        total = total.multiply(raw.get(i)).mod(modulusSquared);
      }
      return total;
    };
    double rawAddPerS = (raw.size() - 1) * 1000 / measure(rawSum);
    if (privateKey.raw_decrypt((BigInteger) rawSum.get()).longValueExact() != expected) {
      throw new IllegalStateException("raw Paillier sum does not decrypt to " + expected);
    }
    return Map.of("encrypt", encryptPerS, "add", addPerS, "raw_add", rawAddPerS);
  }

  private String runNode(Path dir) throws Exception {
    Path script = dir.resolve("he-bench.cjs");
    try (InputStream in = HeBenchCommand.class.getResourceAsStream("/bench/he-bench.cjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return run("node", script.toString(), nodeSealDir().toString(), dir.resolve("parms.bin").toString(),
        Integer.toString(seconds));
  }

  /** node-seal's package as the he-seal build (he-analytics/seal) unpacked it, for benches that run it on Node. */
  public static Path nodeSealDir() {
    Path sealDir = Home.path("he-analytics/seal/target/node-seal/package");
    if (!Files.isRegularFile(sealDir.resolve("throws_wasm_node_umd.js"))) {
      throw new IllegalStateException("node-seal is not unpacked in " + sealDir + "; build he-analytics/seal (he-seal) first");
    }
    return sealDir;
  }

  /** Runs a command, its standard error passed through, and returns its standard output. */
  public static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (is Node installed?)");
    }
    return out;
  }

  private static String label(String op) {
    return switch (op) {
      case "encrypt" -> "encode+encrypt";
      case "decrypt" -> "decrypt+decode";
      case "multiply_plain" -> "multiplyPlain";
      default -> op;
    };
  }
}
