package io.cpchain.he.job;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.function.CountReadings;
import io.cpchain.he.function.EncryptContribution;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.jobs.metrics.CountRecordsIn;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.schemas.ValidReading;
import java.nio.file.Path;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The owner side (standing for the vehicles' gateways): telemetry.valid → per vehicle and
 * event-time window, counts per road segment → encrypted under the analytics public key, one BFV
 * ciphertext per region → analytics.traffic.contrib. Exactly once. Plaintext never leaves it.
 */
public final class TrafficContributionJob {

  public static final String JOB_NAME = "cpchain-he-contributions";

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
    writeContributions(pipeline(readValid(env, config), config, publicKey), config);
  }

  /** Readings with their own event time; watermarks per partition, bounded out-of-orderness. */
  public static DataStream<ValidReading> readValid(StreamExecutionEnvironment env, TrafficJobConfig config) {
    return KafkaSources.read(env, ValidReading.class, config.bootstrapServers(), config.validTopic(),
        config.groupId() + "-contrib", (r, kafkaTime) -> r.getReading().getEventTimeMs(), config.outOfOrderness(),
        config.idleness(), "source-valid");
  }

  /** In Kafka transactions committed with each checkpoint. */
  public static void writeContributions(DataStream<TrafficContribution> contributions, TrafficJobConfig config) {
    contributions
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.transactionalIdPrefix() + "-contrib",
            new AvroRecordSerializer<>(config.contributionTopic(), TrafficContribution.class,
                c -> Integer.toString(c.getRegion()), c -> c.getWindowEndMs() - 1)))
        .uid("sink-contrib").name("analytics.traffic.contrib");
  }

  /** From readings (with event time) to encrypted contributions; no I/O. */
  public static DataStream<TrafficContribution> pipeline(DataStream<ValidReading> readings, TrafficJobConfig config,
      HePublicKey publicKey) {
    return readings
        .map(new CountRecordsIn<>()).returns(readings.getType()).uid("count-in").name("count in")
        .keyBy(ValidReading::getDeviceId)
        .window(TumblingEventTimeWindows.of(config.window()))
        .aggregate(new CountReadings(), new EncryptContribution(publicKey.toBytes()))
        .uid("count-encrypt").name("count per segment, encrypt (BFV)");
  }
}
