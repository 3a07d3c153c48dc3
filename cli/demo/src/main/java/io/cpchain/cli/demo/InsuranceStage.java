package io.cpchain.cli.demo;

import io.cpchain.cli.insurance.ConsentCommand;
import io.cpchain.cli.insurance.InsurerAccount;
import io.cpchain.cli.insurance.InsurerCommand;
import io.cpchain.cli.insurance.ScoreTable;
import io.cpchain.cli.Home;
import io.cpchain.cli.he.HeKeyPasswords;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.ConsumerLag;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.conf.Durations;
import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.insurance.ConsentRegistry;
import io.cpchain.he.insurance.DeviceFeatures;
import io.cpchain.he.insurance.Feature;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsuranceScores;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.insurance.Pseudonyms;
import io.cpchain.he.job.InsuranceContributionJob;
import io.cpchain.he.job.InsuranceScoringJob;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.ValidReading;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.he.insurance.ChainConsents;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The demo's insurance stage. {@link #prepare} before the vehicles drive: the insurer's keys (made
 * once, under {@code <work dir>/insurance}), the topics, consents of every other vehicle's owner
 * as Grant transactions on the chain, and both insurance jobs (short periods, reused when
 * running). {@link #check} after: the scored periods decrypted with the insurer's key, each
 * score checked against the plaintext model over the same contributions' readings from
 * telemetry.valid, every contribution to a scored period summed or dead-lettered, and the
 * insurer's table of the highest and lowest scores.
 */
final class InsuranceStage implements DemoStage {

  @Override
  public String name() {
    return "insurance";
  }

  /**
   * What the demo reports: {@code insurance_scores}, {@code insurance_periods},
   * {@code insurance_refused_contributions} and {@code insurance_late_readings} (dead-lettered),
   * {@code insurance_balanced}, {@code insurance_matches_plaintext}, {@code insurance_max_abs_error}.
   */
  record Result(int scores, int periods, int summedContributions, int refusedContributions, int lateReadings,
      boolean balanced, boolean matchesPlaintext, double maxAbsError) implements DemoStage.Result {

    @Override
    public boolean checked() {
      return scores > 0;
    }

    /** Contributions to the scored periods in, summed out, refused or late ones dead-lettered. */
    @Override
    public Balance balance() {
      return new Balance("contributions", summedContributions + refusedContributions, summedContributions,
          refusedContributions, balanced, checked());
    }

    @Override
    public boolean ok() {
      return !checked() || (balanced && matchesPlaintext);
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("insurance_scores", scores);
      json.put("insurance_periods", periods);
      json.put("insurance_refused_contributions", refusedContributions);
      json.put("insurance_late_readings", lateReadings);
      json.put("insurance_balanced", balanced);
      json.put("insurance_matches_plaintext", matchesPlaintext);
      json.put("insurance_max_abs_error", maxAbsError);
      return json;
    }
  }

  /** Short periods, so that a one-minute demo scores some. */
  public static final Duration PERIOD = Duration.ofSeconds(10);
  private static final Duration CONTRIBUTION_WINDOW = Duration.ofSeconds(5);
  private static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes", Integer.toString(4 << 20));
  /** A loaded machine's jobs may lag minutes behind the fleet; a drained stack settles in seconds. */
  private static final Duration SETTLE_MAX = Duration.ofMinutes(3);

  private final DemoRun run;
  private final Path keyDir;
  /** The jobs' settings but their Kafka user's. */
  private final List<String> args;
  private final InsuranceJobConfig config;
  private final InsuranceModel model;
  private final Address insurer;
  private final ChainClient chain;

  InsuranceStage(DemoRun run) throws Exception {
    StackConfig stack = run.config();
    this.run = run;
    this.keyDir = stack.workDir().resolve("insurance").toAbsolutePath();
    this.insurer = InsurerAccount.ensure(keyDir);
    this.chain = new ChainClient(stack.chainApi(1));
    Path modelFile = Home.path(InsurerCommand.DEFAULT_MODEL);
    this.model = InsuranceModel.read(modelFile);
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", stack.bootstrapServers(),
        "--valid-topic", Topics.VALID, "--period", Durations.format(PERIOD),
        "--contribution-window", Durations.format(CONTRIBUTION_WINDOW),
        "--out-of-orderness", DemoRun.OUT_OF_ORDERNESS,
        "--scoring-delay", "5s", "--checkpoint-interval", "2s", "--parallelism", "1",
        "--model", modelFile.toString(),
        "--public-key", keyDir.resolve(InsurerKeys.PUBLIC_FILE).toString(),
        "--evaluation-keys", keyDir.resolve(InsurerKeys.EVALUATION_FILE).toString(),
        "--insurer", insurer.toHex(), "--chain", chain.base().toString()));
    // Contributions are signed by the local pipeline node, and only its are scored.
    args.addAll(PipelineNodeKey.contributionSettings(stack));
    this.args = List.copyOf(args);
    this.config = InsuranceJobConfig.fromArgs(args.toArray(String[]::new));
  }

  /** The jobs' config, its Kafka clients signing in as {@code user}. */
  private InsuranceJobConfig configAs(KafkaUser user) {
    List<String> withUser = new ArrayList<>(args);
    withUser.addAll(run.config().kafkaClientArgs(user));
    return InsuranceJobConfig.fromArgs(withUser.toArray(String[]::new));
  }

  /** The CLI reads the jobs' topics as the admin. */
  private Properties kafka() {
    return run.config().kafkaClient(KafkaUser.ADMIN);
  }

  public Path secretKeyFile() {
    return keyDir.resolve(InsurerKeys.SECRET_FILE);
  }

  /** Keys, topics, the consents of every other one of the demo's vehicles' owners, the jobs. */
  @Override
  public void prepare(PrintStream out) throws Exception {
    Fleet fleet = run.fleet();
    int devices = run.settings().devices();
    if (!Files.exists(secretKeyFile())) {
      InsurerKeys keys = InsurerKeys.generate();
      keys.write(keyDir, HeKeyPasswords.forNewKey(keyDir, null));
      out.println("insurer keys made (" + keys.keyId() + "): " + secretKeyFile() + " (insurer only, password in "
          + keyDir.resolve(HeKeyPasswords.FILE) + "), " + config.publicKeyFile() + ", " + config.evaluationKeyFile());
    } else {
      secretKey(); // an old or foreign key file fails here, before any job starts
    }
    try (Admin admin = Admin.create(kafka())) {
      Topics.ensure(admin, List.of(new Topics.Spec(config.featuresTopic(), 4, LARGE_RECORDS),
          new Topics.Spec(config.scoresTopic(), 1, LARGE_RECORDS),
          new Topics.Spec(config.deadLetterTopic(), 1, LARGE_RECORDS)), run.config(), 30_000);
    }
    Map<AccountPrivateKey, List<String>> consenting = new java.util.LinkedHashMap<>();
    Map<String, AccountPrivateKey> accounts = new HashMap<>();
    // A demo run again on the same chain finds the earlier runs' consents in force.
    Set<String> consented = chain.grants().stream()
        .filter(g -> Payload.PURPOSE_SCORING.equals(g.purpose()) && g.grantee().equalsIgnoreCase(insurer.toHex())
            && g.revokedAtMs() == null)
        .map(Views.GrantInfo::dataset).collect(java.util.stream.Collectors.toSet());
    int i = 0;
    for (Map.Entry<String, String> vehicle : fleet.ownerOfDevice(devices).entrySet()) {
      if (i++ % 2 == 0 && !consented.contains(vehicle.getKey())) {
        AccountPrivateKey owner = accounts.computeIfAbsent(vehicle.getValue(), o -> account(fleet, o));
        consenting.computeIfAbsent(owner, o -> new ArrayList<>()).add(vehicle.getKey());
      }
    }
    List<Views.GrantInfo> grants = ChainConsents.grant(chain, consenting, insurer, ConsentCommand.WAIT);
    if (grants.isEmpty()) {
      out.printf("insurer %s; every other vehicle's owner has consented already%n", insurer.toHex());
    } else {
      out.printf("insurer %s; %d owners consented for %d more vehicles (Grant transactions, final by %s); every"
          + " other vehicle's owner has consented%n", insurer.toHex(), consenting.size(), grants.size(),
          grants.stream().map(g -> Instant.ofEpochMilli(g.grantedAtMs())).max(Instant::compareTo).orElseThrow());
    }
    // Each job its own Kafka user, allowed what its config reads and writes, granted before it starts.
    InsuranceJobConfig contribution = configAs(KafkaUser.INSURANCE_CONTRIBUTION);
    InsuranceJobConfig scoring = configAs(KafkaUser.INSURANCE_SCORING);
    KafkaAcls.grant(run.config(), KafkaAccess.insuranceContribution(contribution),
        KafkaAccess.insuranceScoring(scoring));
    try (FlinkJobs flink = run.flinkJobs()) {
      flink.ensureRunning(InsuranceContributionJob.JOB_NAME, Home.jobJar("he-analytics/jobs"),
          InsuranceContributionJob.class.getName(), contribution.toArgs(), contribution.parallelism(), out);
      flink.ensureRunning(InsuranceScoringJob.JOB_NAME, Home.jobJar("he-analytics/jobs"),
          InsuranceScoringJob.class.getName(), scoring.toArgs(), scoring.parallelism(), out);
    }
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    ConsentRegistry consents = consents();
    HeSecretKey key = secretKey();
    // Periods close as event time moves on, and refused contributions reach the dead letters with
    // the checkpoint after: wait until both jobs have read all their input (committed with a
    // checkpoint, so their output of it is committed too) and every scored period balances.
    Duration poll = config.checkpointInterval().multipliedBy(3);
    out.println("== waiting for the insurance jobs to read all their input and score what they can");
    Written written = Settle.reading(() -> written(key))
        .every(poll).quietFor(poll, Written::size).quietCountsOnlyIf(w -> w.pending() == 0 && !w.rows().isEmpty())
        .until(w -> w.pending() == 0 && !w.rows().isEmpty() && w.balanced())
        .onChange(w -> out.printf("%d driver-periods scored, %d records not yet read by the jobs%n", w.rows().size(),
            w.pending()))
        .atMost(SETTLE_MAX).await();
    List<InsuranceScores.Row> rows = written.rows();
    if (rows.isEmpty()) {
      out.println("no insurance period scored yet (each closes " + PERIOD.toSeconds() + " s of event time later)");
      return new Result(0, 0, 0, 0, 0, false, false, Double.NaN);
    }
    Set<String> summed = written.summedContributions();
    List<ValidReading> lateReadings = written.deadLetters().from(config.validTopic(), ValidReading.class);
    Map<Long, Map<String, double[]>> expected = plaintext(key.keyId(), consents, summed, lateReadings);
    double worst = 0;
    boolean matches = true;
    Map<Long, Integer> perPeriod = new TreeMap<>();
    for (InsuranceScores.Row row : rows) {
      perPeriod.merge(row.periodStartMs(), 1, Integer::sum);
      double[] features = expected.getOrDefault(row.periodStartMs(), Map.of()).get(row.driver());
      if (features == null) {
        out.println("driver " + row.driver() + " was scored for " + row.periodStartMs() + " without consent or readings");
        matches = false;
        continue;
      }
      worst = Math.max(worst, Math.abs(row.score() - model.score(features)));
    }
    for (long period : perPeriod.keySet()) {
      int drove = expected.getOrDefault(period, Map.of()).size();
      if (perPeriod.get(period) != drove) {
        out.println("period " + period + ": " + perPeriod.get(period) + " drivers scored, " + drove
            + " consenting drivers' contributions summed");
        matches = false;
      }
    }
    matches &= worst <= 1e-3;
    int refused = written.refusedContributions().size();
    boolean balanced = written.balanced();
    out.printf("contributions: %d for the %d scored periods: %d summed, %d refused or late (dead-lettered): %s; %d"
        + " readings came after their window closed (dead-lettered)%n", summed.size() + refused, perPeriod.size(),
        summed.size(), refused, balanced ? "balanced" : "NOT BALANCED", lateReadings.size());
    out.printf("%d scores for %d periods (%s) of consenting drivers; every score %s the plaintext model on the same"
        + " contributions' readings (max |difference| %.1e)%n", rows.size(), perPeriod.size(), model.label(),
        matches ? "equals, within 1e-3," : "does NOT equal", worst);
    out.println("the insurer's table (highest and lowest scores):");
    ScoreTable.print(out, rows, 6);
    return new Result(rows.size(), perPeriod.size(), summed.size(), refused, lateReadings.size(), balanced, matches,
        worst);
  }

  /**
   * What the insurance jobs have written so far: the scored periods (decrypted), the contributions
   * and the dead letters. Contributions are told apart by driver and window.
   */
  private record Written(List<InsuranceScores.Row> rows, List<ContributionId> contributions,
      DeadLetterScan deadLetters, String featuresTopic, long periodMs, long pending) {

    /** What the ledger needs of a contribution: its driver and window, not its ciphertext. */
    record ContributionId(String driver, long windowStartMs) {
      static ContributionId of(InsuranceContribution c) {
        return new ContributionId(c.getDriver(), c.getWindowStartMs());
      }
    }

    List<Object> size() {
      return List.of(rows.size(), contributions.size(), deadLetters.size(), pending);
    }

    private Set<Long> periods() {
      Set<Long> periods = new HashSet<>();
      rows.forEach(row -> periods.add(row.periodStartMs()));
      return periods;
    }

    /** The contributions to scored periods that the scoring refused: late, or not for its key or model. */
    Set<String> refusedContributions() {
      Set<Long> periods = periods();
      Set<String> refused = new HashSet<>();
      for (InsuranceContribution c : deadLetters.from(featuresTopic, InsuranceContribution.class)) {
        if (periods.contains(periodOf(c.getWindowStartMs()))) {
          refused.add(key(c.getDriver(), c.getWindowStartMs()));
        }
      }
      return refused;
    }

    Set<String> summedContributions() {
      Set<Long> periods = periods();
      Set<String> summed = new HashSet<>();
      for (ContributionId c : contributions) {
        if (periods.contains(periodOf(c.windowStartMs()))) {
          summed.add(key(c.driver(), c.windowStartMs()));
        }
      }
      summed.removeAll(refusedContributions());
      return summed;
    }

    /** Every contribution to a scored period was either summed into its driver's score or dead-lettered. */
    boolean balanced() {
      return summedContributions().size() == rows.stream().mapToLong(InsuranceScores.Row::contributions).sum();
    }

    private long periodOf(long windowStartMs) {
      return Math.floorDiv(windowStartMs, periodMs) * periodMs;
    }

    static String key(String driver, long windowStartMs) {
      return driver + "/" + windowStartMs;
    }
  }

  private Written written(HeSecretKey key) throws Exception {
    // Read first: output that is written after it has no input left to come from.
    long pending = ConsumerLag.pendingRecords(kafka(),
        config.contributionGroup(), config.validTopic())
        + ConsumerLag.pendingRecords(kafka(), config.scoringGroup(),
        config.featuresTopic());
    List<Written.ContributionId> contributions = TopicScan.records(kafka(),
        config.featuresTopic(), InsuranceContribution.class, Written.ContributionId::of);
    return new Written(scores(key), contributions, DeadLetterScan.of(kafka(),
        config.deadLetterTopic()), config.featuresTopic(), PERIOD.toMillis(), pending);
  }

  private HeSecretKey secretKey() throws IOException, GeneralSecurityException {
    return HeKeyPasswords.read(secretKeyFile(), keyDir.resolve(HeKeyPasswords.FILE));
  }

  private List<InsuranceScores.Row> scores(HeSecretKey key) {
    return InsuranceScores.decrypt(TopicScan.values(kafka(), config.scoresTopic()), key, model,
        config.scoresTopic());
  }

  private ChainConsents consents() {
    return new ChainConsents(chain.base(), config.consentMargin());
  }

  private static AccountPrivateKey account(Fleet fleet, String owner) {
    try {
      return fleet.owners().accountKey(owner);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("owner " + owner + "'s account key: " + e.getMessage(), e);
    }
  }

  /**
   * Per period start and driver pseudonym, the features the gateway measures from the same readings
   * on telemetry.valid (window by window, in the partition's order), for consenting drivers only,
   * over exactly the contributions summed ({@code driver/window start}) and without the readings
   * that came too late for their window.
   */
  private Map<Long, Map<String, double[]>> plaintext(String keyId, ConsentRegistry consents, Set<String> summed,
      List<ValidReading> lateReadings) {
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    Set<ValidReading> late = new HashSet<>(lateReadings);
    long window = CONTRIBUTION_WINDOW.toMillis();
    long period = PERIOD.toMillis();
    Map<String, double[]> measuring = new HashMap<>();
    Map<Long, Map<String, double[]>> totals = new TreeMap<>();
    TopicScan.scan(kafka(), config.validTopic(), record -> {
      ValidReading valid;
      try {
        valid = messages.decode(record.value());
      } catch (IOException e) {
        throw new UncheckedIOException("a record on " + config.validTopic() + " does not decode", e);
      }
      long time = valid.getReading().getEventTimeMs();
      long periodStart = Math.floorDiv(time, period) * period;
      String driver = Pseudonyms.of(keyId, valid.getDeviceId());
      String contribution = Written.key(driver, Math.floorDiv(time, window) * window);
      if (!consents.covers(valid.getDeviceId(), config.insurer(), periodStart) || !summed.contains(contribution)
          || late.contains(valid)) {
        return;
      }
      double[] packed = measuring.computeIfAbsent(contribution, k -> DeviceFeatures.empty());
      double[] before = DeviceFeatures.features(packed);
      DeviceFeatures.add(packed, valid.getReading(), model);
      double[] after = DeviceFeatures.features(packed);
      double[] total = totals.computeIfAbsent(periodStart, p -> new TreeMap<>())
          .computeIfAbsent(driver, d -> new double[Feature.values().length]);
      for (int f = 0; f < total.length; f++) {
        total[f] += after[f] - before[f];
      }
    });
    return totals;
  }
}
