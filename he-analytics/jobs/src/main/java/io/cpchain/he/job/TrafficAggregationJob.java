package io.cpchain.he.job;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.function.FirstContributionOnly;
import io.cpchain.he.function.SumContributions;
import io.cpchain.he.function.VerifyContributions;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * analytics.traffic.contrib → contributions a trusted pipeline node signed, the first per vehicle,
 * region and window → homomorphic sum per event-time tumbling window, region and key →
 * analytics.traffic.encrypted; a contribution badly signed, a duplicate, or after its window was
 * summed → analytics.traffic.dlq.
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
    Outputs outputs = pipeline(readContributions(env, config), config);
    LateRecords.write(outputs.deadLetters(), config.bootstrapServers(), config.kafka().properties(),
        config.aggregationTransactionalIdPrefix() + "-dlq",
        config.deadLetterTopic());
    outputs.windows()
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.aggregationTransactionalIdPrefix(),
            new AvroRecordSerializer<>(config.encryptedTopic(), EncryptedTrafficWindow.class,
                w -> Integer.toString(w.getRegion()), w -> w.getWindowEndMs() - 1)))
        .uid("sink-encrypted").name(config.encryptedTopic());
  }

  /** Contributions with their window's last instant as event time. */
  public static DataStream<TrafficContribution> readContributions(StreamExecutionEnvironment env,
      TrafficJobConfig config) {
    return KafkaSources.read(env, TrafficContribution.class, config.bootstrapServers(), config.kafka().properties(),
        config.contributionTopic(),
        config.aggregationGroup(), config.maxContributionBytes(), (c, kafkaTime) -> c.getWindowEndMs() - 1,
        config.aggregationDelay(), config.idleness(), "source-contrib");
  }

  /** What the job writes: the encrypted window sums, and the contributions it did not add. */
  public record Outputs(DataStream<EncryptedTrafficWindow> windows, DataStream<DeadLetter> deadLetters) {}

  /**
   * From contributions (with event time) to encrypted window sums of the contributions a trusted
   * pipeline node signed, one per vehicle, region and window; the rest are dead letters: badly
   * signed, duplicate, or after their window was summed. No I/O.
   */
  public static Outputs pipeline(DataStream<TrafficContribution> contributions, TrafficJobConfig config) {
    config.trustedSignerSet();
    SingleOutputStreamOperator<TrafficContribution> verified = contributions
        .process(new VerifyContributions<>(ContributionKind.TRAFFIC, config.trustedSigners(), config.contributionTopic()),
            TypeInformation.of(TrafficContribution.class))
        .uid("verify").name("verify signatures");
    SingleOutputStreamOperator<TrafficContribution> first = verified
        .keyBy(c -> ContributionKind.TRAFFIC.identity(c))
        .process(new FirstContributionOnly<>(ContributionKind.TRAFFIC, config.window().toMillis(),
            config.contributionTopic()), TypeInformation.of(TrafficContribution.class))
        .uid("first-only").name("one contribution per vehicle, region and window");
    SingleOutputStreamOperator<EncryptedTrafficWindow> windows = first
        .keyBy(c -> c.getKeyId() + "/" + c.getRegion())
        .window(TumblingEventTimeWindows.of(config.window()))
        .sideOutputLateData(LATE_CONTRIBUTIONS)
        .process(new SumContributions())
        .uid("sum").name("homomorphic sum per window and region");
    return new Outputs(windows, verified.getSideOutput(VerifyContributions.DEAD_LETTERS)
        .union(first.getSideOutput(FirstContributionOnly.DEAD_LETTERS),
            LateRecords.trafficContributions(windows.getSideOutput(LATE_CONTRIBUTIONS), config.contributionTopic())));
  }
}
