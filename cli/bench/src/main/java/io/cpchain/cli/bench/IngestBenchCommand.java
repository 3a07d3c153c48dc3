package io.cpchain.cli.bench;

import io.cpchain.cli.Home;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.demo.OutputCounter;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.cli.simulate.Producers;
import io.cpchain.cli.simulate.SimulationReport;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.job.TelemetryIngestJob;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench ingest}: readings/s and frames/s through the ingest job on the local stack, against
 * two baselines from the same run: a plain Kafka consume-produce passthrough of the same bytes, and
 * Ed25519 verifications/s on all cores.
 */
@Command(name = "ingest", description = "Ingest job throughput vs a Kafka passthrough and the Ed25519 verify rate.")
public final class IngestBenchCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "150000",
      description = "signed frames to push through (default: ${DEFAULT-VALUE})")
  long frames;

  @Option(names = "--readings-per-frame", paramLabel = "K", defaultValue = "10",
      description = "readings per frame (default: ${DEFAULT-VALUE})")
  int readingsPerFrame;

  @Option(names = "--parallelism", paramLabel = "P", defaultValue = "2", description = "job parallelism (default: ${DEFAULT-VALUE})")
  int parallelism;

  @Option(names = "--json", description = "end with one line of JSON: the figures, for scripts")
  boolean json;

  private static final int DEVICES = 1_000;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);
  /** Frames whose signatures the verify baseline checks, round-robin. */
  private static final int VERIFIED_FRAMES = 2_000;

  @Override
  public Integer call() throws Exception {
    if (frames <= 0 || frames > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--frames must be between 1 and " + Integer.MAX_VALUE);
    }
    PrintStream out = System.out;
    LocalStack stack = stackOptions.stack();
    StackConfig config = stack.config();
    if (!stack.isUp()) {
      stack.up(out);
    }
    String run = "bench-" + System.currentTimeMillis();
    BenchTopics topics = new BenchTopics(run);
    try (Admin admin = Admin.create(config.kafkaClient(KafkaUser.ADMIN))) {
      topics.create(admin);
      try {
        return measure(out, config, topics);
      } finally {
        topics.delete(admin);
      }
    }
  }

  private int measure(PrintStream out, StackConfig config, BenchTopics topics) throws Exception {
    out.printf("== loading %d signed frames of %d readings from %d vehicles into %s%n", frames, readingsPerFrame,
        DEVICES, topics.raw);
    // Device ids of its own: on the chain an id belongs to the first owner that registered it (the demo's fleet).
    Fleet fleet = Fleet.loadOrCreate(config.workDir().resolve("bench"), "bench-veh-", DEVICES,
        System.currentTimeMillis());
    SimulationReport loaded;
    // The admin loads the bench's own topic: the gateway's user may write telemetry.raw only.
    try (Producer<byte[], byte[]> producer = Producers.gateway(config.kafkaClient(KafkaUser.ADMIN))) {
      Simulator simulator = new Simulator(producer, topics.raw);
      fleet.register(DEVICES, new ChainClient(URI.create(config.chainApis().get(0))));
      // All frames "within one second": more than one thread can sign, so the load runs unpaced.
      loaded = simulator.run(fleet, new Simulator.Settings(DEVICES, (int) frames, Duration.ofSeconds(1), 0,
          readingsPerFrame, 7), () -> false);
    } finally {
      fleet.save();
    }
    long totalFrames = loaded.frames();
    long totalReadings = loaded.expectedValidReadings();

    out.println("== baseline 1: Kafka passthrough of the same bytes (" + parallelism + " consumer-producer pairs),"
        + " timed as the job is: first output to last");
    double passthroughPerS = Passthrough.run(config.kafkaClient(KafkaUser.ADMIN), topics.raw, topics.passthrough,
        totalFrames,
        parallelism, TIMEOUT);
    out.printf("passthrough: %.0f records/s%n", passthroughPerS);

    out.println("== baseline 2: Ed25519 verifications on all cores, of the frames just loaded");
    List<SignedFrames.SignedFrame> signed = SignedFrames.read(config.kafkaClient(KafkaUser.ADMIN), topics.raw,
        VERIFIED_FRAMES, fleet.registrations(DEVICES));
    double verifiesPerS = Ed25519VerifyRate.measure(signed, Duration.ofSeconds(5));
    double signedBytes = signed.stream().mapToInt(SignedFrames.SignedFrame::signedLength).average().orElseThrow();
    out.printf("Ed25519 verify: %.0f/s (%d threads, the signed bytes of %d of the frames, %.0f bytes on average)%n",
        verifiesPerS, Runtime.getRuntime().availableProcessors(), signed.size(), signedBytes);

    out.println("== the ingest job, parallelism " + parallelism);
    double readingsPerS = runJob(out, config, topics, totalReadings);
    double framesPerS = readingsPerS / readingsPerFrame;

    Figures figures = new Figures()
        .count("readings_per_s", readingsPerS, "readings/s")
        .count("frames_per_s", framesPerS, "frames/s")
        .count("passthrough_per_s", passthroughPerS, "frames/s")
        .count("verifies_per_s", verifiesPerS, "verifications/s")
        .ratio("ratio_vs_passthrough", framesPerS, passthroughPerS)
        .ratio("ratio_vs_verify", framesPerS, verifiesPerS)
        .count("verified_signed_bytes", signedBytes, "bytes per frame, on average")
        .parameter("frames", totalFrames)
        .parameter("readings_per_frame", readingsPerFrame)
        .parameter("parallelism", parallelism);

    out.println("== results");
    out.printf("ingest job:   %,.0f valid readings/s = %,.0f frames/s%n", readingsPerS, framesPerS);
    out.printf("passthrough:  %,.0f frames/s   -> job at %.0f %% of passthrough%n", passthroughPerS,
        100 * framesPerS / passthroughPerS);
    out.printf("verify bound: %,.0f frames/s   -> job at %.0f %% of the all-core Ed25519 verify rate%n", verifiesPerS,
        100 * framesPerS / verifiesPerS);
    figures.print(out, json);
    return 0;
  }

  /**
   * Runs the job over the preloaded topic. Output commits once per checkpoint, so the rate is
   * taken between the first and the last commit that carried output, not from job start.
   */
  private double runJob(PrintStream out, StackConfig config, BenchTopics topics, long expectedReadings)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--bootstrap-servers", config.bootstrapServers(),
        "--raw-topic", topics.raw, "--valid-topic", topics.valid,
        "--dlq-topic", topics.dlq, "--group-id", topics.run, "--transactional-id-prefix", topics.run,
        "--parallelism", Integer.toString(parallelism), "--checkpoint-interval", "1s"));
    args.addAll(config.chainSourceArgs());
    args.addAll(config.kafkaClientArgs(KafkaUser.INGEST));
    IngestJobConfig jobConfig = IngestJobConfig.fromArgs(args.toArray(String[]::new));
    KafkaAcls.grant(config, KafkaAccess.ingest(jobConfig));
    try (OutputCounter counter = new OutputCounter(config.kafkaClient(KafkaUser.ADMIN), topics.valid, topics.dlq);
        FlinkJobs flink = new FlinkJobs(stackOptions.flinkRest())) {
      JobID job = flink.submit(Home.jobJar("ingest-jobs"), TelemetryIngestJob.class.getName(), jobConfig.toArgs(),
          parallelism);
      try {
        double readingsPerS = OutputRate.perSecond(counter::validReadings, expectedReadings, TIMEOUT, "the job");
        if (counter.deadLetters() > 0) {
          throw new IllegalStateException("the job rejected " + counter.deadLettersByReason() + " of clean input");
        }
        out.printf("job delivered %d readings, %.0f readings/s from its first commit to its last%n", expectedReadings,
            readingsPerS);
        return readingsPerS;
      } finally {
        flink.cancel(job);
      }
    }
  }

  /** Fresh topics per run, so a bench never reads another run's data. */
  private static final class BenchTopics {
    final String run;
    final String raw;
    final String valid;
    final String dlq;
    final String passthrough;

    BenchTopics(String run) {
      this.run = run;
      this.raw = run + ".raw";
      this.valid = run + ".valid";
      this.dlq = run + ".dlq";
      this.passthrough = run + ".passthrough";
    }

    List<String> all() {
      return List.of(raw, valid, dlq, passthrough);
    }

    void create(Admin admin) throws Exception {
      admin.createTopics(all().stream()
          .map(name -> new NewTopic(name, 4, (short) 1)).toList())
          .all().get(30, TimeUnit.SECONDS);
    }

    void delete(Admin admin) throws Exception {
      admin.deleteTopics(all()).all().get(30, TimeUnit.SECONDS);
    }
  }
}
