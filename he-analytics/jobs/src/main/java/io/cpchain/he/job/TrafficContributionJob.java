package io.cpchain.he.job;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.function.CountReadings;
import io.cpchain.he.function.EncryptContribution;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.jobs.metrics.CountRecordsIn;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.schemas.ValidReading;
import java.nio.file.Path;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The owner side (standing for the vehicles' gateways): telemetry.valid → per vehicle and
 * event-time window, counts per road segment → encrypted under the analytics public key, one BFV
 * ciphertext per region, signed with the pipeline node's key → analytics.traffic.contrib; a reading after its window closed →
 * analytics.traffic.dlq. Exactly once. Plaintext never leaves it.
 */
public final class TrafficContributionJob {

  public static final String JOB_NAME = "cpchain-he-contributions";
  private static final OutputTag<ValidReading> LATE_READINGS = new OutputTag<>("late-readings") {};

  private TrafficContributionJob() {}

  public static void main(String[] args) throws Exception {
    TrafficJobConfig config = TrafficJobConfig.fromArgs(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(TrafficAggregationJob.jobConfiguration());
    configure(env, config, HePublicKey.read(Path.of(config.publicKeyFile())));
    env.execute(JOB_NAME);
  }

  /** Adds the job to {@code env}; the public key travels in the job graph. */
  public static void configure(StreamExecutionEnvironment env, TrafficJobConfig config, HePublicKey publicKey) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Outputs outputs = pipeline(readValid(env, config), config, publicKey);
    writeContributions(outputs.contributions(), config);
    LateRecords.write(outputs.deadLetters(), config.bootstrapServers(), config.kafka().properties(),
        config.contributionTransactionalIdPrefix() + "-dlq",
        config.deadLetterTopic());
  }

  /** What the job writes: the encrypted contributions, and the readings that came too late for theirs. */
  public record Outputs(DataStream<TrafficContribution> contributions, DataStream<DeadLetter> deadLetters) {}

  /** Readings with their own event time; watermarks per partition, bounded out-of-orderness. */
  public static DataStream<ValidReading> readValid(StreamExecutionEnvironment env, TrafficJobConfig config) {
    return KafkaSources.read(env, ValidReading.class, config.bootstrapServers(), config.kafka().properties(),
        config.validTopic(),
        config.contributionGroup(), config.maxReadingBytes(), (r, kafkaTime) -> r.getReading().getEventTimeMs(), config.outOfOrderness(),
        config.idleness(), "source-valid");
  }

  /**
   * In Kafka transactions committed with each checkpoint, keyed by vehicle: every partition gets
   * contributions each window, so none holds the aggregation's watermark back until it counts as idle.
   */
  public static void writeContributions(DataStream<TrafficContribution> contributions, TrafficJobConfig config) {
    contributions
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.contributionTransactionalIdPrefix(),
            new AvroRecordSerializer<>(config.contributionTopic(), TrafficContribution.class,
                TrafficContribution::getDeviceId, c -> c.getWindowEndMs() - 1)))
        .uid("sink-contrib").name(config.contributionTopic());
  }

  /** From readings (with event time) to encrypted contributions and late readings; no I/O. */
  public static Outputs pipeline(DataStream<ValidReading> readings, TrafficJobConfig config, HePublicKey publicKey) {
    SingleOutputStreamOperator<TrafficContribution> contributions = readings
        .map(new CountRecordsIn<>()).returns(readings.getType()).uid("count-in").name("count in")
        .keyBy(ValidReading::getDeviceId)
        .window(TumblingEventTimeWindows.of(config.window()))
        .sideOutputLateData(LATE_READINGS)
        .aggregate(new CountReadings(), new EncryptContribution(publicKey.toBytes(), config.signingKeyFile(),
            config.signingKeyPasswordFile()))
        .uid("count-encrypt").name("count per segment, encrypt (BFV)");
    return new Outputs(contributions, LateRecords.readings(contributions.getSideOutput(LATE_READINGS),
        config.validTopic(), config.window(), "traffic window"));
  }
}
