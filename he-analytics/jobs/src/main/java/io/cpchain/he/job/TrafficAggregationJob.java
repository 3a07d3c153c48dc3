package io.cpchain.he.job;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.function.SumContributions;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * analytics.traffic.contrib → homomorphic sum per event-time tumbling window, region and key →
 * analytics.traffic.encrypted; a contribution after its window was summed → analytics.traffic.dlq.
 * Exactly once. The job reads only ciphertexts and holds no key: it
 * is given none, and its classes take none ({@link SumContributions} has the parameters only).
 */
public final class TrafficAggregationJob {

  public static final String JOB_NAME = "cpchain-he-aggregation";
  public static final OutputTag<TrafficContribution> LATE_CONTRIBUTIONS = new OutputTag<>("late-contributions") {};

  private TrafficAggregationJob() {}

  public static void main(String[] args) throws Exception {
    TrafficJobConfig config = TrafficJobConfig.fromArgs(args);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(TrafficAggregationJob.jobConfiguration());
    configure(env, config);
    env.execute(JOB_NAME);
  }

  /** Settings that belong to both traffic jobs wherever they run. */
  public static Configuration jobConfiguration() {
    return JobDefaults.configuration();
  }

  public static void configure(StreamExecutionEnvironment env, TrafficJobConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    // A contribution's event time is the last instant of its window. Contribution subtasks close a
    // window when their own watermark passes it and publish with their next checkpoint, so one may
    // publish later windows before another publishes this one: the aggregation waits that long
    // (a contribution later still goes to the dead letters).
    DataStream<TrafficContribution> contributions = KafkaSources.read(env, TrafficContribution.class,
        config.bootstrapServers(), config.contributionTopic(), config.aggregationGroup(),
        (c, kafkaTime) -> c.getWindowEndMs() - 1, config.aggregationDelay(), config.idleness(), "source-contrib");
    SingleOutputStreamOperator<EncryptedTrafficWindow> windows = pipeline(contributions, config);
    LateRecords.write(LateRecords.trafficContributions(windows.getSideOutput(LATE_CONTRIBUTIONS),
        config.contributionTopic()), config.bootstrapServers(), config.transactionalIdPrefix() + "-aggregate-dlq",
        config.deadLetterTopic());
    windows
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.transactionalIdPrefix() + "-aggregate",
            new AvroRecordSerializer<>(config.encryptedTopic(), EncryptedTrafficWindow.class,
                w -> Integer.toString(w.getRegion()), w -> w.getWindowEndMs() - 1)))
        .uid("sink-encrypted").name("analytics.traffic.encrypted");
  }

  /**
   * From contributions (with event time) to encrypted window sums, with the contributions that came
   * after their window was summed on {@link #LATE_CONTRIBUTIONS}; no I/O.
   */
  public static SingleOutputStreamOperator<EncryptedTrafficWindow> pipeline(
      DataStream<TrafficContribution> contributions, TrafficJobConfig config) {
    return contributions
        .keyBy(c -> c.getKeyId() + "/" + c.getRegion())
        .window(TumblingEventTimeWindows.of(config.window()))
        .sideOutputLateData(LATE_CONTRIBUTIONS)
        .process(new SumContributions())
        .uid("sum").name("homomorphic sum per window and region");
  }
}
