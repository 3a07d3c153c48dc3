package io.cpchain.cli.demo;

import io.cpchain.cli.he.TrafficReport;
import io.cpchain.cli.Home;
import io.cpchain.cli.he.HeKeyPasswords;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.simulate.RoadNetwork;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.ConsumerLag;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.conf.Durations;
import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.job.TrafficAggregationJob;
import io.cpchain.he.job.TrafficContributionJob;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.traffic.DecryptedWindows;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.TrafficLayout;
import io.cpchain.he.traffic.TrafficWindow;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The demo's homomorphic-analytics stage. {@link #prepare} before the vehicles drive: analytics keys
 * (made once, under {@code <work dir>/he}, the secret one encrypted under the password there), the
 * two topics, and both traffic jobs submitted (or
 * reused). {@link #check} after: the windows aggregated so far, decrypted with the analyst's key,
 * checked against the same statistics computed from the plaintext readings on telemetry.valid over
 * exactly the contributions summed, every contribution of a closed window summed or dead-lettered, and
 * the busiest segments of the latest window printed as the analyst sees them.
 */
final class TrafficStage implements DemoStage {

  @Override
  public String name() {
    return "traffic";
  }

  /**
   * What the demo reports: {@code he_windows}, {@code he_contributions} (summed),
   * {@code he_late_contributions} and {@code he_late_readings} (dead-lettered), {@code he_balanced},
   * {@code he_matches_plaintext}.
   */
  record Result(int windows, long contributions, int lateContributions, int lateReadings, boolean balanced,
      boolean matchesPlaintext) implements DemoStage.Result {

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("he_windows", windows);
      json.put("he_contributions", contributions);
      json.put("he_late_contributions", lateContributions);
      json.put("he_late_readings", lateReadings);
      json.put("he_balanced", balanced);
      json.put("he_matches_plaintext", matchesPlaintext);
      return json;
    }

    @Override
    public boolean checked() {
      return windows > 0;
    }

    /** Contributions to the closed windows in, summed out, late ones dead-lettered. */
    @Override
    public Balance balance() {
      return new Balance("contributions", contributions + lateContributions, contributions, lateContributions,
          balanced, checked());
    }

    @Override
    public boolean ok() {
      return !checked() || (balanced && matchesPlaintext);
    }
  }

  /** Short windows, so that a one-minute demo closes several. */
  public static final Duration WINDOW = Duration.ofSeconds(10);
  private static final String CONTRIBUTION_TOPIC = "analytics.traffic.contrib";
  private static final Map<String, String> LARGE_RECORDS = Map.of("max.message.bytes", Integer.toString(4 << 20));
  /** A loaded machine's jobs may lag minutes behind the fleet; a drained stack settles in seconds. */
  private static final Duration SETTLE_MAX = Duration.ofMinutes(3);
  private static final int MIN_VEHICLES = 3;

  private final Path keyDir;
  private final DemoRun run;
  /** The jobs' settings but their Kafka user's. */
  private final List<String> args;
  private final TrafficJobConfig config;

  TrafficStage(DemoRun run) {
    this.keyDir = run.config().workDir().resolve("he").toAbsolutePath();
    this.run = run;
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", run.config().bootstrapServers(),
        "--valid-topic", Topics.VALID, "--contribution-topic", CONTRIBUTION_TOPIC,
        "--encrypted-topic", DecryptedWindows.TOPIC, "--window", Durations.format(WINDOW),
        "--out-of-orderness", DemoRun.OUT_OF_ORDERNESS, "--aggregation-delay", "10s",
        "--checkpoint-interval", "2s", "--public-key", keyDir.resolve("analytics.pub").toString()));
    // Contributions are signed by the local pipeline node, and only its are summed.
    args.addAll(PipelineNodeKey.contributionSettings(run.config()));
    this.args = List.copyOf(args);
    this.config = TrafficJobConfig.fromArgs(args.toArray(String[]::new));
  }

  /** The jobs' config, its Kafka clients signing in as {@code user}. */
  private TrafficJobConfig configAs(KafkaUser user) {
    List<String> withUser = new ArrayList<>(args);
    withUser.addAll(run.config().kafkaClientArgs(user));
    return TrafficJobConfig.fromArgs(withUser.toArray(String[]::new));
  }

  /** The CLI reads the jobs' topics as the admin. */
  private Properties kafka() {
    return run.config().kafkaClient(KafkaUser.ADMIN);
  }

  /** The analyst's secret key file, for {@code bin/cpchain query traffic --key}. */
  public Path secretKeyFile() {
    return keyDir.resolve("analyst.key");
  }

  @Override
  public void prepare(PrintStream out) throws Exception {
    if (!Files.exists(secretKeyFile())) {
      HeKeyPair pair = HeKeyPair.generate(TrafficLayout.PARAMETERS);
      pair.secretKey().write(secretKeyFile(), HeKeyPasswords.forNewKey(keyDir, null));
      pair.publicKey().write(Path.of(config.publicKeyFile()));
      out.println("analytics keys made: " + secretKeyFile() + " (analyst only, password in "
          + keyDir.resolve(HeKeyPasswords.FILE) + "), " + config.publicKeyFile());
    } else {
      secretKey(); // an old or foreign key file fails here, before any job starts
    }
    try (Admin admin = Admin.create(kafka())) {
      Topics.ensure(admin, List.of(new Topics.Spec(CONTRIBUTION_TOPIC, 4, LARGE_RECORDS),
          new Topics.Spec(DecryptedWindows.TOPIC, 1, LARGE_RECORDS),
          new Topics.Spec(config.deadLetterTopic(), 1, LARGE_RECORDS)), run.config(), 30_000);
    }
    // Each job its own Kafka user, allowed what its config reads and writes, granted before it starts.
    TrafficJobConfig contribution = configAs(KafkaUser.TRAFFIC_CONTRIBUTION);
    TrafficJobConfig aggregation = configAs(KafkaUser.TRAFFIC_AGGREGATION);
    KafkaAcls.grant(run.config(), KafkaAccess.trafficContribution(contribution),
        KafkaAccess.trafficAggregation(aggregation));
    try (FlinkJobs flink = run.flinkJobs()) {
      flink.ensureRunning(TrafficContributionJob.JOB_NAME, Home.jobJar("he-analytics/jobs"),
          TrafficContributionJob.class.getName(), contribution.toArgs(), contribution.parallelism(), out);
      flink.ensureRunning(TrafficAggregationJob.JOB_NAME, Home.jobJar("he-analytics/jobs"),
          TrafficAggregationJob.class.getName(), aggregation.toArgs(), aggregation.parallelism(), out);
    }
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    HeSecretKey key = secretKey();
    // Windows close as event time moves on, and late records reach the dead letters with the
    // checkpoint after: wait until both jobs have read all their input (committed with a
    // checkpoint, so their output of it is committed too) and every summed window balances.
    Duration poll = config.checkpointInterval().multipliedBy(2);
    out.println("== waiting for the traffic jobs to read all their input and close what they can");
    Written written = Settle.reading(() -> written(key))
        .every(poll).quietFor(poll, Written::size).quietCountsOnlyIf(w -> w.pending() == 0)
        .until(w -> w.pending() == 0 && !w.windows().isEmpty() && w.balanced())
        .onChange(w -> out.printf("%d windows summed, %d records not yet read by the jobs%n", w.windows().size(),
            w.pending()))
        .atMost(SETTLE_MAX).await();
    NavigableMap<Long, List<TrafficWindow>> windows = written.windows();
    if (windows.isEmpty()) {
      out.println("no traffic window closed yet (each closes " + WINDOW.toSeconds() + " s of event time later)");
      return new Result(0, 0, 0, 0, false, false);
    }
    Map<Long, Map<Integer, long[]>> decrypted = new TreeMap<>();
    long contributions = 0;
    for (List<TrafficWindow> regions : windows.values()) {
      for (TrafficWindow window : regions) {
        contributions += window.contributions();
        for (SegmentTraffic s : window.segments()) {
          decrypted.computeIfAbsent(window.windowStartMs(), w -> new TreeMap<>()).put(s.segment(), new long[] {
              s.vehicles(), s.readings(), s.speedDeciKmhSum(), s.speedDeciKmhSquaredSum(), s.harshBrakings()});
        }
      }
    }
    Set<String> summed = written.summedContributions();
    List<ValidReading> lateReadings = written.deadLetters().from(config.validTopic(), ValidReading.class);
    boolean matches = plaintext(summed, lateReadings).equals(render(decrypted));
    int late = written.lateContributions().size();
    boolean balanced = written.balanced();
    out.printf("contributions: %d for the %d closed windows: %d summed, %d late (dead-lettered): %s; %d readings came"
        + " after their window closed (dead-lettered)%n", contributions + late, windows.size(), contributions, late,
        balanced ? "balanced" : "NOT BALANCED", lateReadings.size());
    out.printf("%d windows aggregated from %d encrypted contributions; decrypted sums %s the plaintext computation"
        + " over the same contributions%n", windows.size(), contributions, matches ? "equal" : "DIFFER FROM");
    TrafficReport.of(windows.lastEntry().getValue(), MIN_VEHICLES)
        .print(out, new RoadNetwork(Simulator.CITY_SIZE), Set.of(), 10, MIN_VEHICLES);
    return new Result(windows.size(), contributions, late, lateReadings.size(), balanced, matches);
  }

  /**
   * What the traffic jobs have written so far: the summed windows (decrypted), the contributions
   * and the dead letters. Contributions are told apart by window, region and vehicle.
   */
  private record Written(NavigableMap<Long, List<TrafficWindow>> windows, List<ContributionId> contributions,
      DeadLetterScan deadLetters, String contributionTopic, long pending) {

    /** What the ledger needs of a contribution: its window and who sent it, not its ciphertext. */
    record ContributionId(long windowStartMs, String key) {
      static ContributionId of(TrafficContribution c) {
        return new ContributionId(c.getWindowStartMs(), Written.key(c));
      }
    }

    List<Object> size() {
      return List.of(windows.size(), contributions.size(), deadLetters.size(), pending);
    }

    /** The contributions of closed windows that came after theirs was summed. */
    Set<String> lateContributions() {
      Set<String> late = new HashSet<>();
      for (TrafficContribution c : deadLetters.from(contributionTopic, TrafficContribution.class)) {
        if (windows.containsKey(c.getWindowStartMs())) {
          late.add(key(c));
        }
      }
      return late;
    }

    Set<String> summedContributions() {
      Set<String> summed = new HashSet<>();
      for (ContributionId c : contributions) {
        if (windows.containsKey(c.windowStartMs())) {
          summed.add(c.key());
        }
      }
      summed.removeAll(lateContributions());
      return summed;
    }

    /** Every contribution of a closed window was either summed into it or dead-lettered. */
    boolean balanced() {
      long inWindows = windows.values().stream().flatMap(List::stream).mapToLong(TrafficWindow::contributions).sum();
      return summedContributions().size() == inWindows;
    }

    static String key(TrafficContribution c) {
      return key(c.getWindowStartMs(), c.getRegion(), c.getDeviceId());
    }

    static String key(long windowStartMs, int region, String device) {
      return windowStartMs + "/" + region + "/" + device;
    }
  }

  private Written written(HeSecretKey key) throws Exception {
    // Read first: output that is written after it has no input left to come from.
    long pending = ConsumerLag.pendingRecords(kafka(), config.contributionGroup(),
        config.validTopic())
        + ConsumerLag.pendingRecords(kafka(), config.aggregationGroup(),
        config.contributionTopic());
    List<Written.ContributionId> contributions = TopicScan.records(kafka(),
        config.contributionTopic(), TrafficContribution.class, Written.ContributionId::of);
    return new Written(decryptedWindows(key), contributions,
        DeadLetterScan.of(kafka(), config.deadLetterTopic()), config.contributionTopic(), pending);
  }

  private HeSecretKey secretKey() throws IOException, GeneralSecurityException {
    return HeKeyPasswords.read(secretKeyFile(), keyDir.resolve(HeKeyPasswords.FILE));
  }

  private NavigableMap<Long, List<TrafficWindow>> decryptedWindows(HeSecretKey key) {
    return DecryptedWindows.decrypt(TopicScan.values(kafka(), config.encryptedTopic()), key);
  }

  /**
   * The same sums straight from the readings on telemetry.valid, over exactly the contributions
   * summed ({@code window/region/vehicle}) and without the readings that came too late for theirs.
   */
  private String plaintext(Set<String> summed, List<ValidReading> lateReadings) {
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    Set<ValidReading> late = new HashSet<>(lateReadings);
    long size = WINDOW.toMillis();
    Map<Long, Map<Integer, long[]>> sums = new TreeMap<>();
    Set<String> vehicles = new HashSet<>();
    TopicScan.scan(kafka(), config.validTopic(), record -> {
      ValidReading valid;
      try {
        valid = messages.decode(record.value());
      } catch (IOException e) {
        throw new UncheckedIOException("a record on " + config.validTopic() + " does not decode", e);
      }
      Reading reading = valid.getReading();
      long start = Math.floorDiv(reading.getEventTimeMs(), size) * size;
      int segment = reading.getRoadSegmentId();
      if (!summed.contains(Written.key(start, TrafficLayout.region(segment), valid.getDeviceId()))
          || late.contains(valid)) {
        return;
      }
      long speed = TrafficLayout.speedDeciKmh(reading.getSpeedKmh());
      long[] s = sums.computeIfAbsent(start, w -> new TreeMap<>()).computeIfAbsent(segment, x -> new long[5]);
      s[0] += vehicles.add(start + "/" + segment + "/" + valid.getDeviceId()) ? 1 : 0;
      s[1]++;
      s[2] += speed;
      s[3] += speed * speed;
      s[4] += reading.getHarshBraking() ? 1 : 0;
    });
    return render(sums);
  }

  private static String render(Map<Long, Map<Integer, long[]>> sums) {
    StringBuilder text = new StringBuilder();
    sums.forEach((start, segments) -> segments.forEach((segment, values) ->
        text.append(start).append('/').append(segment).append(Arrays.toString(values)).append('\n')));
    return text.toString();
  }
}
