package io.cpchain.cli.insurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.bench.Figures;
import io.cpchain.cli.bench.Repeat;
import io.cpchain.cli.bench.Stopwatch;
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
import java.time.Duration;
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
  /** What {@code ratio_vs_node} compares. */
  static final String RATIO_BASIS = "one JVM thread vs one Node process";

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
        distinct.add(owner.encrypt(ScoringLayout.contribution(features[i]), ScoringLayout.SCALE));
      }
      int[] next = {0};
      encryptMs = Repeat.msPerCall(Duration.ofSeconds(seconds),
          () -> owner.encrypt(ScoringLayout.contribution(features[next[0]++ % DISTINCT]), ScoringLayout.SCALE));
    }
    List<byte[]> batch = new ArrayList<>();
    double[] expected = new double[drivers];
    for (int j = 0; j < drivers; j++) {
      batch.add(distinct.get(j % DISTINCT));
      expected[j] = model.score(features[j % DISTINCT]);
    }

    // Against Node's one process, one JVM thread alone: the same work on equal terms.
    System.out.println("== Java: SEAL in V8 (Javet), one thread alone, " + seconds + " s");
    Scored alone = scoreFor(keys.evaluationKeys(), model, batch);
    Scored together = alone;
    if (threads > 1) {
      System.out.println("== Java: " + threads + " threads at once, one engine each, " + seconds + " s");
      together = scoreTogether(keys.evaluationKeys(), model, batch);
    }
    byte[] javaResult = alone.last();

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
    double perThread = together.perSecond() / threads;
    System.out.printf("owner side: encode+encrypt+serialize %.2f ms per contribution%n", encryptMs);
    System.out.printf("scoring, driver-periods/s: one JVM thread alone %,.0f (fastest batch %,.0f); node-seal in one"
        + " Node process %,.0f (fastest batch %,.0f); JVM with %d thread(s) at once %,.0f (%,.0f per thread)%n",
        alone.perSecond(), alone.bestPerSecond(), nodePerS, nodeBest, threads, together.perSecond(), perThread);
    System.out.printf("JVM time / Node time per driver-period, %s: fastest batch of each (the least disturbed by"
        + " other load on the machine) %.2fx, on average %.2fx%n", RATIO_BASIS, nodeBest / alone.bestPerSecond(),
        nodePerS / alone.perSecond());
    System.out.printf("max |score - plaintext model|: JVM %.2e, Node %.2e%n", javaError, nodeError);
    new Figures()
        .count("scored_per_s", together.perSecond(), "driver-periods/s")
        .parameter("threads", threads)
        .count("scored_per_s_per_thread", perThread, "driver-periods/s")
        .count("scored_per_s_best_batch", together.bestPerSecond(), "driver-periods/s")
        .count("one_thread_scored_per_s", alone.perSecond(), "driver-periods/s")
        .count("one_thread_scored_per_s_best_batch", alone.bestPerSecond(), "driver-periods/s")
        .count("node_scored_per_s", nodePerS, "driver-periods/s")
        .count("node_scored_per_s_best_batch", nodeBest, "driver-periods/s")
        // Fastest batch of each: a shared machine's other load lands on one side or the other in
        // turn, and skews averages.
        .ratio("ratio_vs_node", nodeBest, alone.bestPerSecond())
        .ratio("ratio_vs_node_average", nodePerS, alone.perSecond())
        .parameter("ratio_basis", RATIO_BASIS)
        .value("encrypt_ms_per_contribution", encryptMs, "ms")
        .parameter("drivers_per_ciphertext", drivers)
        .parameter("max_abs_error", javaError)
        .parameter("node_max_abs_error", nodeError)
        .print(System.out, json);
    return 0;
  }

  /** {@code threads} threads scoring at once, one engine each: their summed rate and their fastest batch. */
  private Scored scoreTogether(HeEvaluationKeys evaluationKeys, InsuranceModel model, List<byte[]> batch)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Scored>> runs = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        runs.add(pool.submit(() -> scoreFor(evaluationKeys, model, batch)));
      }
      double perSecond = 0;
      double best = 0;
      byte[] last = null;
      for (Future<Scored> run : runs) {
        Scored scored = run.get();
        perSecond += scored.perSecond();
        best = Math.max(best, scored.bestPerSecond());
        last = scored.last();
      }
      return new Scored(perSecond, best, last);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A run: driver-periods per second on average and in its fastest batch, and its last result. */
  private record Scored(double perSecond, double bestPerSecond, byte[] last) {}

  private Scored scoreFor(HeEvaluationKeys evaluationKeys, InsuranceModel model, List<byte[]> batch) {
    try (PackedScorer scorer = new PackedScorer(evaluationKeys, model)) {
      // One batch, as the Node side warms up; the weights' plaintexts are made once.
      Repeat.warmUp(1, Duration.ZERO, () -> scorer.score(batch));
      long budget = Duration.ofSeconds(seconds).toNanos();
      Stopwatch scoring = Stopwatch.start();
      long batches = 0;
      long fastest = Long.MAX_VALUE;
      byte[] last;
      do {
        Stopwatch one = Stopwatch.start();
        last = scorer.score(batch);
        fastest = Math.min(fastest, one.nanos());
        batches++;
      } while (scoring.nanos() < budget);
      return new Scored(scoring.perSecond(batches * batch.size()), batch.size() / (fastest / 1e9), last);
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
}
