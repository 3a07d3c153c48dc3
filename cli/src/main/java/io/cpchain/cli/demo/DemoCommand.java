package io.cpchain.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.Home;
import io.cpchain.cli.StackOptions;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.anchor.job.AnchorJob;
import io.cpchain.cli.anchor.AnchorStage;
import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.cli.he.HeDemoStage;
import io.cpchain.cli.insurance.InsuranceDemoStage;
import io.cpchain.cli.share.ShareDemoStage;
import io.cpchain.cli.jobs.AnchorJobs;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.cli.jobs.EncryptJobs;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.jobs.FlinkMetrics;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.Producers;
import io.cpchain.cli.simulate.SimulationOptions;
import io.cpchain.cli.simulate.SimulationReport;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import io.cpchain.conf.Durations;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.job.IntervalEncryptJob;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.job.TelemetryIngestJob;
import io.cpchain.jobs.metrics.JobMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the pipeline end to end on the local stack. Starts what is not running, runs the
 * ingest job, drives the simulated fleet through it with live progress, and checks that what came
 * out balances what went in.
 */
@Command(name = "demo", description = "Run the pipeline end to end on the local stack and check that the output"
    + " balances the input.")
public final class DemoCommand implements Callable<Integer> {

  /** Longer than the unknown-device grace plus a checkpoint: after this long with no new output, it is all out. */
  private static final Duration SETTLE_QUIET = Duration.ofSeconds(15);
  private static final Duration SETTLE_MAX = Duration.ofMinutes(2);
  /** Shorter than the job's default, so that a demo of a minute closes several intervals per vehicle. */
  private static final Duration ENCRYPTION_INTERVAL = Duration.ofSeconds(10);
  /** How long the fleet must drive for every stage to have closed windows to check. */
  private static final Duration MIN_FULL_RUN = Duration.ofSeconds(40);
  /** The upload interval u of the demo: how often a batch of manifests is anchored. */
  private static final Duration UPLOAD_INTERVAL = Duration.ofSeconds(5);

  @Mixin StackOptions stackOptions;
  @Mixin SimulationOptions simulation;

  @Option(names = "--json", description = "end with one line of JSON: the summary, for scripts")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Simulator.Settings settings = simulation.settings();
    LocalStack stack = stackOptions.stack();
    StackConfig config = stack.config();
    if (!stack.isUp()) {
      out.println("== starting the local stack in " + config.workDir());
      stack.up(out);
    }

    out.println("== ingest and encrypt jobs on Flink at http://" + stackOptions.flinkRestAddress());
    IngestJobConfig jobConfig = IngestJobConfig.fromArgs("--bootstrap-servers", config.bootstrapServers(),
        "--checkpoint-interval", "2s");
    EncryptJobConfig encryptConfig = EncryptJobs.forStack(config, "--checkpoint-interval", "2s",
        "--interval", Durations.format(ENCRYPTION_INTERVAL), "--out-of-orderness", "5s");
    AnchorJobConfig anchorConfig = AnchorJobs.forStack(config, stack.chain().dir(), "--upload-interval",
        Durations.format(UPLOAD_INTERVAL));
    JobID ingestJob;
    try (FlinkJobs flink = new FlinkJobs(stackOptions.flinkRestAddress())) {
      ingestJob = flink.ensureRunning(TelemetryIngestJob.JOB_NAME, Home.jobJar("ingest-jobs"),
          TelemetryIngestJob.class.getName(), jobConfig.toArgs(), jobConfig.parallelism(), out);
      flink.ensureRunning(IntervalEncryptJob.JOB_NAME, Home.jobJar("encrypt-jobs"),
          IntervalEncryptJob.class.getName(), encryptConfig.toArgs(), encryptConfig.parallelism(), out);
      flink.ensureRunning(AnchorJob.JOB_NAME, Home.jobJar("chain-anchor"), AnchorJob.class.getName(),
          anchorConfig.toArgs(), 1, out);
    }
    HeDemoStage analytics = new HeDemoStage(config.workDir(), config.bootstrapServers(),
        stackOptions.flinkRestAddress());
    analytics.start(out);

    if (settings.duration().compareTo(MIN_FULL_RUN) < 0) {
      out.println("note: a " + settings.duration().toSeconds() + " s run may close no encrypted traffic window (they"
          + " need about " + MIN_FULL_RUN.toSeconds() + " s of driving); those checks are then reported as not run");
    }
    Fleet fleet = Fleet.loadOrCreate(config.workDir(), settings.devices(), System.currentTimeMillis());
    InsuranceDemoStage insurance = new InsuranceDemoStage(config, stackOptions.flinkRestAddress());
    insurance.start(fleet, settings.devices(), out);
    out.printf("== driving %d vehicles: %d frames/s of %d readings for %ds, bad rate %.3f%n", settings.devices(),
        settings.framesPerSecond(), settings.readingsPerFrame(), settings.duration().toSeconds(), settings.badRate());
    SimulationReport report;
    long drainedAt;
    long started = System.nanoTime();
    long startedAtMs = System.currentTimeMillis();
    try (OutputCounter counter = new OutputCounter(config.bootstrapServers(), Topics.VALID, Topics.DLQ);
        Producer<byte[], byte[]> producer = Producers.gateway(config.bootstrapServers())) {
      Simulator simulator = new Simulator(producer, Topics.RAW, Topics.REGISTRATIONS);
      simulator.register(fleet, settings.devices());
      simulator.publishEpochKeys(fleet, settings.devices(), Topics.EPOCH_KEYS, encryptConfig.keyEpoch());
      CompletableFuture<SimulationReport> run = CompletableFuture.supplyAsync(() -> {
        try {
          // Committed output means the job has processed data, and so has a watermark.
          return simulator.run(fleet, settings, () -> counter.validReadings() > 0);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("simulation interrupted");
        } finally {
          fleet.save();
        }
      });
      Progress progress = new Progress(out, simulator, new FlinkMetrics(stackOptions.flinkRestAddress()), ingestJob,
          settings.readingsPerFrame());
      while (!run.isDone()) {
        progress.tick();
        Thread.sleep(1_000);
      }
      report = run.join();
      out.println("== simulation done; waiting for the job to commit the last records");
      awaitSettled(counter, report, progress);
      drainedAt = System.nanoTime();
      Summary summary = Summary.of(report, counter, (drainedAt - started) / 1e9);
      summary.print(out);
      out.println("== waiting for the encrypt job to write the intervals that closed (every "
          + ENCRYPTION_INTERVAL.toSeconds() + " s of event time per device; the last one closes when newer data comes)");
      EncryptionStage.Result encryption = new EncryptionStage(config).run(fleet, settings.devices(), startedAtMs, out);
      encryption.print(out);
      AnchorStage.Result anchoring = anchor(config, stack, encryption.intervals(), out);
      anchoring.print(out);
      ShareDemoStage.Result sharing = ShareDemoStage.run(config, fleet.owners(), out);
      sharing.print(out);
      HeDemoStage.Result traffic = analytics.finish(out);
      InsuranceDemoStage.Result scoring = insurance.finish(out);
      if (json) {
        Map<String, Object> all = summary.toJson();
        all.putAll(encryption.toJson());
        all.putAll(anchoring.json());
        all.putAll(sharing.json());
        all.put("he_windows", traffic.windows());
        all.put("he_contributions", traffic.contributions());
        all.put("he_matches_plaintext", traffic.matchesPlaintext());
        all.putAll(scoring.json());
        out.println(new ObjectMapper().writeValueAsString(all));
      }
      out.println("the stack keeps running (Flink Web UI http://" + stackOptions.flinkRestAddress()
          + "); stop it with bin/cpchain down");
      // A stage with nothing closed yet (a run shorter than its windows) is reported as unchecked, not failed.
      boolean encrypted = encryption.intervals() == 0 || encryption.roundTripOk();
      boolean anchored = anchoring.intervals() == 0
          || anchoring.verifiedIntervals() == anchoring.intervals() && anchoring.tamperDetected();
      boolean analysed = traffic.windows() == 0 || traffic.matchesPlaintext();
      boolean scored = scoring.scores() == 0 || scoring.matchesPlaintext();
      if (encryption.intervals() == 0 || traffic.windows() == 0 || scoring.scores() == 0) {
        out.println("note: some stages had nothing closed to check; run the demo for at least "
            + MIN_FULL_RUN.toSeconds() + " s (the default is 60 s) to see every stage checked");
      }
      return summary.balanced() && encrypted && anchored && sharing.ok() && analysed && scored ? 0 : 1;
    }
  }

  /**
   * Waits until the anchor job has a receipt for every manifest on the topic (this run's and any
   * earlier one's), then verifies them all against the chain and storage.
   */
  private static AnchorStage.Result anchor(StackConfig config, LocalStack stack, int thisRunsIntervals,
      PrintStream out) throws Exception {
    out.println("== waiting for the anchor job to anchor every manifest (upload interval "
        + UPLOAD_INTERVAL.toSeconds() + " s) and write its receipts");
    AnchoredIntervals topics = new AnchoredIntervals(config.bootstrapServers());
    long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
    int manifests = topics.manifests(p -> true).size();
    while (topics.receipts().size() < manifests && System.nanoTime() < deadline) {
      Thread.sleep(2_000);
    }
    out.printf("%d manifests on the topic (%d from this run), %d receipts%n", manifests, thisRunsIntervals,
        topics.receipts().size());
    ChainLayout layout = ChainLayout.open(stack.chain().dir());
    return AnchorStage.run(config, new ChainClient(layout.api(1)),
        GenesisFile.read(stack.chain().dir().resolve("genesis.yaml")).validatorSet());
  }

  /** Waits until the output matches what was sent, or nothing new has come for a while. */
  private static void awaitSettled(OutputCounter counter, SimulationReport report, Progress progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_MAX.toNanos();
    long lastChange = System.nanoTime();
    long lastTotal = -1;
    while (System.nanoTime() < deadline) {
      long total = counter.validReadings() + counter.deadLetters();
      if (total != lastTotal) {
        lastTotal = total;
        lastChange = System.nanoTime();
      }
      boolean complete = counter.validReadings() >= report.expectedValidReadings()
          && counter.deadLettersByReason().equals(report.injected());
      if (complete || System.nanoTime() - lastChange > SETTLE_QUIET.toNanos()) {
        return;
      }
      progress.tick();
      Thread.sleep(1_000);
    }
  }

  /**
   * The once-a-second line: what went in, and what the ingest job's metrics say came out valid and
   * was rejected (they trail by the cluster's metrics.fetcher.update-interval; the summary counts the
   * topics themselves).
   */
  private static final class Progress {
    private final PrintStream out;
    private final Simulator simulator;
    private final FlinkMetrics metrics;
    private final JobID ingestJob;
    private final int readingsPerFrame;
    private final long startNanos = System.nanoTime();
    /** A reused job's counters include earlier runs: this run's totals start from these. */
    private final long validBefore;
    private final long rejectedBefore;
    private long lastFrames;
    private long lastValid;
    private long lastRejected;

    Progress(PrintStream out, Simulator simulator, FlinkMetrics metrics, JobID ingestJob, int readingsPerFrame)
        throws IOException, InterruptedException {
      this.out = out;
      this.simulator = simulator;
      this.metrics = metrics;
      this.ingestJob = ingestJob;
      this.readingsPerFrame = readingsPerFrame;
      this.validBefore = validReadings();
      this.rejectedBefore = deadLetters();
    }

    private long validReadings() throws IOException, InterruptedException {
      return metrics.sum(ingestJob, null, JobMetrics.GROUP + "." + JobMetrics.RECORDS_OUT);
    }

    private long deadLetters() throws IOException, InterruptedException {
      return metrics.deadLettersByReason(ingestJob).values().stream().mapToLong(Long::longValue).sum();
    }

    void tick() {
      long frames = simulator.framesSent();
      long valid;
      long rejected;
      try {
        valid = validReadings() - validBefore;
        rejected = deadLetters() - rejectedBefore;
      } catch (IOException e) {
        out.println("t=" + (System.nanoTime() - startNanos) / 1_000_000_000L + "s  (Flink metrics not read: "
            + e.getMessage() + ")");
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      out.printf("t=%3ds  in %5d frames/s (~%6d readings/s) | valid %6d readings/s | rejected %4d/s"
              + " | totals: in %d frames, valid %d, rejected %d%n",
          (System.nanoTime() - startNanos) / 1_000_000_000L, frames - lastFrames,
          (frames - lastFrames) * readingsPerFrame, valid - lastValid, rejected - lastRejected,
          frames, valid, rejected);
      lastFrames = frames;
      lastValid = valid;
      lastRejected = rejected;
    }
  }

  /** The demo's verdict: produced = valid + rejected, and every injected fault under its reason. */
  record Summary(SimulationReport report, long validReadings, Map<String, Long> dlq, long undecodableDeadLetters,
      double seconds) {

    static Summary of(SimulationReport report, OutputCounter counter, double seconds) {
      return new Summary(report, counter.validReadings(), counter.deadLettersByReason(),
          counter.undecodableDeadLetters(), seconds);
    }

    long duplicatesDropped() {
      return dlq.getOrDefault("DUPLICATE_FRAME", 0L);
    }

    boolean balanced() {
      return validReadings == report.expectedValidReadings()
          && validReadings + report.rejectedReadings() == report.readings()
          && dlq.equals(report.injected())
          && undecodableDeadLetters == 0;
    }

    void print(PrintStream out) {
      out.println("== summary");
      out.printf("produced:      %d frames, %d readings (%d readings in injected bad frames)%n",
          report.frames(), report.readings(), report.rejectedReadings());
      out.printf("valid out:     %d readings (expected %d)%n", validReadings, report.expectedValidReadings());
      out.printf("duplicates:    %d frames dropped%n", duplicatesDropped());
      out.printf("%-16s %10s %10s%n", "dead letters", "injected", "in DLQ");
      java.util.TreeSet<String> reasons = new java.util.TreeSet<>(report.injected().keySet());
      reasons.addAll(dlq.keySet());
      for (String reason : reasons) {
        long injected = report.injected().getOrDefault(reason, 0L);
        long found = dlq.getOrDefault(reason, 0L);
        out.printf("  %-14s %10d %10d%s%n", reason, injected, found, injected == found ? "" : "   <-- MISMATCH");
      }
      if (undecodableDeadLetters > 0) {
        out.printf("  %d dead letters did not decode%n", undecodableDeadLetters);
      }
      out.printf("throughput:    %.0f valid readings/s over %.1f s (input paced at the simulated rate)%n",
          readingsPerSecond(), seconds);
      out.println("balanced:      " + (balanced() ? "yes: produced = valid + rejected, every bad record under its"
          + " reason" : "NO"));
    }

    double readingsPerSecond() {
      return report.seconds() > 0 ? validReadings / report.seconds() : 0;
    }

    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("produced_frames", report.frames());
      json.put("produced_readings", report.readings());
      json.put("valid_readings", validReadings);
      json.put("expected_valid_readings", report.expectedValidReadings());
      json.put("duplicates_dropped", duplicatesDropped());
      json.put("dlq", dlq);
      json.put("injected", report.injected());
      json.put("balanced", balanced());
      json.put("readings_per_s", Math.round(readingsPerSecond()));
      json.put("seconds", Math.round(seconds * 10) / 10.0);
      return json;
    }
  }
}
