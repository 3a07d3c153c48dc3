package io.cpchain.cli.insurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.bench.Machine;
import io.cpchain.cli.he.HeBenchCommand;
import io.cpchain.he.insurance.Feature;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.insurance.PackedScorer;
import io.cpchain.he.insurance.ScoreDecryptor;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.keys.HeEvaluationKeys;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.schemas.ScoredPeriod;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench insurance}: driver-periods scored per second by the packed CKKS evaluation in the
 * JVM (SEAL's wasm in V8 through Javet, one engine per thread, as a job's subtasks), the same evaluation on the same inputs with
 * node-seal on plain Node in the same run, and the owner side's cost per encrypted contribution.
 * Both results are decrypted and checked against the plaintext model.
 */
@Command(name = "insurance", description = "Encrypted insurance scoring: driver-periods/s in the JVM vs node-seal on"
    + " Node (same wasm, same inputs), and the gateway's encrypt cost per contribution.")
public final class InsuranceBenchCommand implements Callable<Integer> {

  private static final int DISTINCT = 32;

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "where the bench keeps its scratch files (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
      description = "measured seconds of scoring per side (default: ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--drivers", paramLabel = "N", defaultValue = "512",
      description = "drivers per ciphertext, 1..512 (default: ${DEFAULT-VALUE})")
  int drivers;

  @Option(names = "--model", paramLabel = "FILE", defaultValue = InsurerCommand.DEFAULT_MODEL,
      description = "scoring model (default: ${DEFAULT-VALUE})")
  Path modelFile;

  @Option(names = "--threads", paramLabel = "T", description = "scoring threads, one SEAL engine each, as a job's"
      + " parallel subtasks (default: the machine's cores)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--json", description = "end with one line of JSON: the figures and the ratio")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (seconds < 1) {
      throw new IllegalArgumentException("--seconds must be at least 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1");
    }
    if (drivers < 1 || drivers > ScoringLayout.DRIVERS_PER_CIPHERTEXT) {
      throw new IllegalArgumentException("--drivers must be 1.." + ScoringLayout.DRIVERS_PER_CIPHERTEXT);
    }
    InsuranceModel model = InsuranceModel.read(modelFile);
    System.out.println("machine: " + Machine.describe());
    System.out.println("parameters: " + ScoringLayout.PARAMETERS + ", scale 2^40; model " + model.label()
        + "; " + drivers + " drivers per ciphertext");
    InsurerKeys keys = InsurerKeys.generate();
    Random random = new Random(1);
    double[][] features = new double[DISTINCT][];
    List<byte[]> distinct = new ArrayList<>();
    double encryptMs;
    try (ContributionEncryptor owner = new ContributionEncryptor(keys.publicKey())) {
      for (int i = 0; i < DISTINCT; i++) {
        features[i] = new double[] {random.nextDouble() * 150, random.nextDouble() * 3, random.nextDouble(),
            random.nextDouble() * 0.5, random.nextInt(8), random.nextInt(8)};
      }
      for (int i = 0; i < 8; i++) {
        owner.encrypt(ScoringLayout.contribution(features[i]), ScoringLayout.SCALE); // warm-up
      }
      int rounds = 4;
      long start = System.nanoTime();
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < DISTINCT; i++) {
          byte[] saved = owner.encrypt(ScoringLayout.contribution(features[i]), ScoringLayout.SCALE);
          if (r == 0) {
            distinct.add(saved);
          }
        }
      }
      encryptMs = (System.nanoTime() - start) / 1e6 / (rounds * DISTINCT);
    }
    List<Scored> scored;
    List<byte[]> batch = new ArrayList<>();
    double[] expected = new double[drivers];
    for (int j = 0; j < drivers; j++) {
      batch.add(distinct.get(j % DISTINCT));
      expected[j] = model.score(features[j % DISTINCT]);
    }

    System.out.println("== Java: SEAL in V8 (Javet), " + threads + " thread(s), one engine each, " + seconds + " s");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Scored>> runs = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        runs.add(pool.submit(() -> scoreFor(keys.evaluationKeys(), model, batch)));
      }
      scored = new ArrayList<>();
      for (Future<Scored> run : runs) {
        scored.add(run.get());
      }
    } finally {
      pool.shutdownNow();
    }
    double javaPerS = scored.stream().mapToDouble(Scored::perSecond).sum();
    double javaPerThread = javaPerS / threads;
    double javaBest = scored.stream().mapToDouble(Scored::bestPerSecond).max().orElseThrow();
    byte[] javaResult = scored.get(0).last();

    Path dir = workDir.resolve("bench/insurance").toAbsolutePath();
    writeInputs(dir, keys, model, distinct);
    System.out.println("== Node: the same package on " + HeBenchCommand.run("node", "--version").strip());
    Path script = dir.resolve("insurance-bench.cjs");
    try (InputStream in = InsuranceBenchCommand.class.getResourceAsStream("/bench/insurance-bench.cjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    JsonNode node = new ObjectMapper().readTree(HeBenchCommand.run("node", script.toString(),
        HeBenchCommand.nodeSealDir().toString(), dir.toString(), Integer.toString(seconds)));
    double nodePerS = node.get("scored_per_s").asDouble();
    double nodeBest = node.get("best_scored_per_s").asDouble();

    double javaError;
    double nodeError;
    try (ScoreDecryptor insurer = new ScoreDecryptor(keys.secretKey())) {
      javaError = maxError(insurer, keys.keyId(), javaResult, expected);
      nodeError = maxError(insurer, keys.keyId(), Files.readAllBytes(dir.resolve("node-scores.bin")), expected);
    }
    System.out.printf("owner side: encode+encrypt+serialize %.2f ms per contribution%n", encryptMs);
    System.out.printf("scoring, driver-periods/s: JVM %,.0f with %d thread(s) (%,.0f per thread, fastest batch %,.0f);"
        + " node-seal on Node %,.0f (one thread, fastest batch %,.0f)%n", javaPerS, threads, javaPerThread, javaBest,
        nodePerS, nodeBest);
    System.out.printf("JVM time / Node time per driver-period, fastest batch of each (the least disturbed by other"
        + " load on the machine): %.2fx; on average per thread: %.2fx%n", nodeBest / javaBest, nodePerS / javaPerThread);
    System.out.printf("max |score - plaintext model|: JVM %.2e, Node %.2e%n", javaError, nodeError);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("scored_per_s", Math.round(javaPerS));
    figures.put("threads", threads);
    figures.put("scored_per_s_per_thread", Math.round(javaPerThread));
    figures.put("scored_per_s_best_batch", Math.round(javaBest));
    figures.put("node_scored_per_s", Math.round(nodePerS));
    figures.put("node_scored_per_s_best_batch", Math.round(nodeBest));
    // Per thread (node-seal runs one), fastest batch of each: a shared machine's other load lands
    // on one side or the other in turn, and skews averages.
    figures.put("ratio_vs_node", round(nodeBest / javaBest));
    figures.put("ratio_vs_node_average", round(nodePerS / javaPerThread));
    figures.put("encrypt_ms_per_contribution", round(encryptMs));
    figures.put("drivers_per_ciphertext", drivers);
    figures.put("max_abs_error", javaError);
    figures.put("node_max_abs_error", nodeError);
    figures.put("machine", Machine.describe());
    if (json) {
      System.out.println(new ObjectMapper().writeValueAsString(figures));
    }
    return 0;
  }

  /** One thread's run: driver-periods per second on average and in its fastest batch, and its last result. */
  private record Scored(double perSecond, double bestPerSecond, byte[] last) {}

  private Scored scoreFor(HeEvaluationKeys evaluationKeys, InsuranceModel model, List<byte[]> batch) {
    try (PackedScorer scorer = new PackedScorer(evaluationKeys, model)) {
      byte[] last = scorer.score(batch); // warm-up; the weights' plaintexts are made once
      long budget = seconds * 1_000_000_000L;
      long start = System.nanoTime();
      long batches = 0;
      long fastest = Long.MAX_VALUE;
      long elapsed;
      do {
        long batchStart = System.nanoTime();
        last = scorer.score(batch);
        fastest = Math.min(fastest, System.nanoTime() - batchStart);
        batches++;
        elapsed = System.nanoTime() - start;
      } while (elapsed < budget);
      return new Scored(batches * batch.size() / (elapsed / 1e9), batch.size() / (fastest / 1e9), last);
    }
  }

  /** The inputs the Node side reads: the same parameters, evaluation keys, contributions and model. */
  private void writeInputs(Path dir, InsurerKeys keys, InsuranceModel model, List<byte[]> distinct)
      throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("parms.bin"), keys.evaluationKeys().parameters());
    ByteArrayOutputStream evaluation = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(evaluation)) {
      for (byte[] key : List.of(keys.evaluationKeys().relinKeys(), keys.evaluationKeys().galoisKeys())) {
        out.writeInt(key.length);
        out.write(key);
      }
    }
    Files.write(dir.resolve("eval.bin"), evaluation.toByteArray());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      for (byte[] ciphertext : distinct) {
        out.writeInt(ciphertext.length);
        out.write(ciphertext);
      }
    }
    Files.write(dir.resolve("contributions.bin"), bytes.toByteArray());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("weights", model.weights());
    m.put("intercept", model.intercept());
    m.put("polynomial", model.polynomial());
    m.put("scale", ScoringLayout.SCALE);
    m.put("laneWidth", ScoringLayout.LANE_WIDTH);
    m.put("steps", ScoringLayout.GALOIS_STEPS);
    m.put("drivers", drivers);
    Files.writeString(dir.resolve("model.json"), new ObjectMapper().writeValueAsString(m));
  }

  private double maxError(ScoreDecryptor insurer, String keyId, byte[] ciphertext, double[] expected) {
    ScoredPeriod period = ScoredPeriod.newBuilder().setKeyId(keyId).setModelId("bench").setModelVersion(0)
        .setPeriodStartMs(0).setPeriodEndMs(0).setDrivers(Collections.nCopies(drivers, "d"))
        .setContributions(Collections.nCopies(drivers, 1)).setCiphertext(ByteBuffer.wrap(ciphertext)).build();
    double[] slots = insurer.slots(period);
    double worst = 0;
    for (int s = 0; s < slots.length; s++) {
      worst = Math.max(worst, Math.abs(slots[s] - (s < drivers ? expected[s] : 0)));
    }
    if (worst > 1e-3) {
      throw new IllegalStateException("scores differ from the plaintext model by " + worst);
    }
    return worst;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
