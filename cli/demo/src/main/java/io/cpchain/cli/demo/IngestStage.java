package io.cpchain.cli.demo;

import io.cpchain.cli.Home;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.jobs.FlinkMetrics;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.Producers;
import io.cpchain.cli.simulate.SimulationReport;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.ConsumerLag;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.function.VerifyAndDeduplicate;
import io.cpchain.ingest.job.TelemetryIngestJob;
import io.cpchain.jobs.metrics.JobMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.Producer;

/**
 * The demo's ingest stage: the ingest job submitted (or reused); then the simulated fleet driven
 * through it with live progress, and what came out checked to balance what went in.
 */
final class IngestStage implements DemoStage {

  @Override
  public String name() {
    return "ingest";
  }

  /**
   * Longer than the unknown-device grace plus a checkpoint: once the job has read every frame, after this long with
   * no new output it is all out.
   */
  private static final Duration SETTLE_QUIET = Duration.ofSeconds(15);
  private static final Duration SETTLE_MAX = Duration.ofMinutes(2);

  private final DemoRun run;
  private IngestJobConfig jobConfig;
  private JobID ingestJob;

  IngestStage(DemoRun run) {
    this.run = run;
  }

  /** The summary, and when the vehicles started to drive (the later stages look at what came after). */
  record Result(Summary summary, long startedAtMs) implements DemoStage.Result {

    @Override
    public Map<String, Object> json() {
      return summary.toJson();
    }

    @Override
    public boolean ok() {
      return summary.balanced();
    }

    @Override
    public Balance balance() {
      SimulationReport report = summary.report();
      return new Balance("readings", report.readings(), summary.validReadings(), report.rejectedReadings(),
          summary.balanced(), report.readings() > 0);
    }
  }

  @Override
  public void prepare(PrintStream out) throws Exception {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", run.config().bootstrapServers(),
        "--checkpoint-interval", "2s"));
    args.addAll(run.config().chainSourceArgs());
    args.addAll(run.config().kafkaClientArgs(KafkaUser.INGEST));
    jobConfig = IngestJobConfig.fromArgs(args.toArray(String[]::new));
    KafkaAcls.grant(run.config(), KafkaAccess.ingest(jobConfig));
    try (FlinkJobs flink = run.flinkJobs()) {
      ingestJob = flink.ensureRunning(TelemetryIngestJob.JOB_NAME, Home.jobJar("ingest-jobs"),
          TelemetryIngestJob.class.getName(), jobConfig.toArgs(), jobConfig.parallelism(), out);
    }
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    Simulator.Settings settings = run.settings();
    Fleet fleet = run.fleet();
    StackConfig config = run.config();
    out.printf("== driving %d vehicles: %d frames/s of %d readings for %ds, bad rate %.3f%n", settings.devices(),
        settings.framesPerSecond(), settings.readingsPerFrame(), settings.duration().toSeconds(), settings.badRate());
    long started = System.nanoTime();
    long startedAtMs = System.currentTimeMillis();
    try (OutputCounter counter = new OutputCounter(config.kafkaClient(KafkaUser.ADMIN), Topics.VALID, Topics.DLQ);
        Producer<byte[], byte[]> producer = Producers.gateway(config.kafkaClient(KafkaUser.GATEWAY))) {
      // The fleet is on the chain, final, since DemoRun.prepare.
      Simulator simulator = new Simulator(producer, Topics.RAW);
      CompletableFuture<SimulationReport> driving = CompletableFuture.supplyAsync(() -> {
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
      Progress progress = new Progress(out, simulator, new FlinkMetrics(run.flinkRest()), ingestJob,
          settings.readingsPerFrame());
      while (!driving.isDone()) {
        progress.tick();
        Thread.sleep(1_000);
      }
      SimulationReport report = driving.join();
      run.awaitStackWhole(out);
      out.println("== simulation done; waiting for the job to commit the last records");
      // until the output matches what was sent, or the job has read every frame and nothing new has come for a
      // while: a job resumed from a checkpoint may still be catching up after a quiet spell of its own
      // ... and no frame waits for its device's registration: after a restore, frames wait until the chain
      // source has read the chain again, with nothing unread and no output meanwhile.
      record Drain(long output, long unread, long awaitingRegistration) {}
      FlinkMetrics metrics = new FlinkMetrics(run.flinkRest());
      Settle.reading(() -> new Drain(counter.validReadings() + counter.deadLetters(),
              ConsumerLag.pendingRecords(config.kafkaClient(KafkaUser.ADMIN), jobConfig.groupId(),
                  jobConfig.rawTopic()),
              awaitingRegistration(metrics)))
          .every(Duration.ofSeconds(1)).quietFor(SETTLE_QUIET, drain -> drain)
          .quietCountsOnlyIf(d -> d.unread() == 0 && d.awaitingRegistration() == 0)
          .atMost(SETTLE_MAX)
          .until(drain -> counter.validReadings() >= report.expectedValidReadings()
              && counter.deadLettersByReason().equals(report.injected()))
          .betweenPolls(progress::tick)
          .await();
      Summary summary = Summary.of(report, counter, (System.nanoTime() - started) / 1e9);
      summary.print(out);
      return new Result(summary, startedAtMs);
    }
  }

  /** Frames of devices the running ingest job does not know yet, waiting in it (the job's gauge). */
  private static long awaitingRegistration(FlinkMetrics metrics) throws IOException, InterruptedException {
    Optional<JobID> job = metrics.running(TelemetryIngestJob.JOB_NAME);
    return job.isEmpty() ? 0
        : metrics.sum(job.get(), null, JobMetrics.GROUP + "." + VerifyAndDeduplicate.AWAITING_FRAMES);
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
    private final JobCounter valid;
    private final JobCounter rejected;
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
      this.valid = new JobCounter(validReadings());
      this.rejected = new JobCounter(deadLetters());
    }

    private long validReadings() throws IOException, InterruptedException {
      return metrics.sum(ingestJob, null, JobMetrics.GROUP + "." + JobMetrics.RECORDS_OUT);
    }

    private long deadLetters() throws IOException, InterruptedException {
      return metrics.deadLettersByReason(ingestJob).values().stream().mapToLong(Long::longValue).sum();
    }

    void tick() {
      long frames = simulator.framesSent();
      long validTotal;
      long rejectedTotal;
      try {
        validTotal = valid.total(validReadings());
        rejectedTotal = rejected.total(deadLetters());
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
          (frames - lastFrames) * readingsPerFrame, validTotal - lastValid, rejectedTotal - lastRejected,
          frames, validTotal, rejectedTotal);
      lastFrames = frames;
      lastValid = validTotal;
      lastRejected = rejectedTotal;
    }
  }

  /**
   * A job's counter as this run's total. A reused job's counter includes earlier runs, so the total
   * starts from its first reading; the tasks that replace failed ones count from zero again, so a
   * reading below the last one carries the last one on (the records replayed from the restored
   * checkpoint are counted twice here; the summary counts the committed output itself).
   */
  static final class JobCounter {
    private final long first;
    private long carried;
    private long last;

    JobCounter(long first) {
      this.first = first;
      this.last = first;
    }

    long total(long reading) {
      if (reading < last) {
        carried += last;
      }
      last = reading;
      return carried + reading - first;
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
