package io.cpchain.cli.simulate;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.jobs.EncryptJobs;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import io.cpchain.consensus.client.ChainClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code simulate}: registers the fleet and streams its signed telemetry to the raw topic. */
@Command(name = "simulate", description = "Register N vehicles and stream their signed telemetry to"
    + " telemetry.raw, with bad input of every kind at --bad-rate.")
public final class SimulateCommand implements Callable<Integer> {

  private static final Duration WATERMARK_WARMUP = Duration.ofSeconds(5);

  @Mixin StackOptions stackOptions;
  @Mixin SimulationOptions simulation;

  @Override
  public Integer call() throws Exception {
    Simulator.Settings settings = simulation.settings();
    StackConfig stack = stackOptions.config();
    if (!stackOptions.stack().kafkaRunning()) {
      throw new IllegalStateException("Kafka is not running in " + stack.workDir() + "; start the stack with bin/cpchain up");
    }
    Fleet fleet = Fleet.loadOrCreate(stack.workDir(), settings.devices(), System.currentTimeMillis());
    fleet.register(settings.devices(), new ChainClient(URI.create(stack.chainApis().get(0))));
    // The owners publish their epoch keys, for the key epoch of the stack's encrypt job, as their own Kafka user.
    try (Producer<byte[], byte[]> owners = Producers.gateway(stack.kafkaClient(KafkaUser.OWNERS))) {
      new Simulator(owners, Topics.RAW).publishEpochKeys(fleet, settings.devices(), Topics.EPOCH_KEYS,
          EncryptJobs.forStack(stack).keyEpoch());
    }
    try (Producer<byte[], byte[]> producer = Producers.gateway(stack.kafkaClient(KafkaUser.GATEWAY))) {
      Simulator simulator = new Simulator(producer, Topics.RAW);
      SimulationReport report;
      try {
        // With no view of the job's output, assume it has a watermark a few seconds into the run.
        long begin = System.nanoTime();
        report = simulator.run(fleet, settings, () -> System.nanoTime() - begin > WATERMARK_WARMUP.toNanos());
      } finally {
        fleet.save();
      }
      System.out.printf("sent %d frames (%d readings) in %.1f s; injected bad records: %s%n",
          report.frames(), report.readings(), report.seconds(), report.injected());
    }
    return 0;
  }
}
