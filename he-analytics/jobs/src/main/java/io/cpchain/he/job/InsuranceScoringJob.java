package io.cpchain.he.job;

import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.function.CheckContribution;
import io.cpchain.he.function.FirstContributionOnly;
import io.cpchain.he.function.VerifyContributions;
import io.cpchain.he.function.DriverPeriodSum;
import io.cpchain.he.function.ScorePeriod;
import io.cpchain.he.function.SumDriverPeriod;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.he.keys.HeEvaluationKeys;
import io.cpchain.jobs.config.JobDefaults;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.ScoredPeriod;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * insurance.features.encrypted → checked: signed by a trusted pipeline node, consistent, the first
 * per driver and window (dead letters with the reason, as for contributions after their period
 * was summed) → per driver and
 * event-time period, contributions added homomorphically → per period, the model evaluated on up
 * to 512 drivers packed per ciphertext → insurance.scores.encrypted. Exactly once. It holds the
 * insurer's evaluation keys and no other key: it can neither read features nor scores.
 */
public final class InsuranceScoringJob {

  public static final String JOB_NAME = "cpchain-insurance-scoring";
  public static final OutputTag<InsuranceContribution> LATE_CONTRIBUTIONS =
      new OutputTag<>("late-contributions") {};

  private InsuranceScoringJob() {}

  public static void main(String[] args) throws Exception {
    InsuranceJobConfig config = InsuranceJobConfig.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobDefaults.configuration());
    configure(env, config, HeEvaluationKeys.read(Path.of(config.evaluationKeyFile())),
        InsuranceModel.read(Path.of(config.modelFile())));
    env.execute(JOB_NAME);
  }

  public static void configure(StreamExecutionEnvironment env, InsuranceJobConfig config,
      HeEvaluationKeys evaluationKeys, InsuranceModel model) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Checked checked = check(readContributions(env, config), config, evaluationKeys, model);
    SingleOutputStreamOperator<DriverPeriodSum> sums = sum(checked.contributions(), config);
    score(sums, config, evaluationKeys, model)
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.scoringTransactionalIdPrefix(),
            new AvroRecordSerializer<>(config.scoresTopic(), ScoredPeriod.class,
                s -> Long.toString(s.getPeriodStartMs()), s -> s.getPeriodEndMs() - 1)))
        .uid("sink-scores").name(config.scoresTopic());
    LateRecords.write(checked.deadLetters().union(lateContributions(sums, config)),
        config.bootstrapServers(), config.kafka().properties(), config.scoringTransactionalIdPrefix() + "-dlq",
        config.deadLetterTopic());
  }

  /**
   * Contributions with their window's last instant as event time. Gateways publish with their
   * checkpoints, so the scoring waits scoring-delay for the slower ones.
   */
  public static DataStream<InsuranceContribution> readContributions(StreamExecutionEnvironment env,
      InsuranceJobConfig config) {
    return KafkaSources.read(env, InsuranceContribution.class, config.bootstrapServers(), config.kafka().properties(),
        config.featuresTopic(),
        config.scoringGroup(), config.maxContributionBytes(), (c, kafkaTime) -> c.getWindowEndMs() - 1,
        config.scoringDelay(), config.idleness(), "source-features");
  }

  /** The contributions the scoring can add, and the dead letters of those it cannot. */
  public record Checked(DataStream<InsuranceContribution> contributions, DataStream<DeadLetter> deadLetters) {}

  /**
   * Contributions a trusted pipeline node signed (else BAD_SIGNATURE), under the insurer's key, for
   * the job's model and parameters (else INCONSISTENT or UNDECODABLE), the first per driver and
   * contribution window (else DUPLICATE_CONTRIBUTION).
   */
  public static Checked check(DataStream<InsuranceContribution> in, InsuranceJobConfig config,
      HeEvaluationKeys evaluationKeys, InsuranceModel model) {
    config.trustedSignerSet();
    SingleOutputStreamOperator<InsuranceContribution> verified = in
        .process(new VerifyContributions<>(ContributionKind.INSURANCE, config.trustedSigners(), config.featuresTopic()),
            TypeInformation.of(InsuranceContribution.class))
        .uid("verify").name("verify signatures");
    SingleOutputStreamOperator<InsuranceContribution> consistent = verified
        .process(new CheckContribution(evaluationKeys.keyId(), model, config.featuresTopic()))
        .uid("check").name("check key, model, parameters");
    // Remembered until the contribution's period is summed: a duplicate after that is late there.
    SingleOutputStreamOperator<InsuranceContribution> first = consistent
        .keyBy(c -> ContributionKind.INSURANCE.identity(c))
        .process(new FirstContributionOnly<>(ContributionKind.INSURANCE, config.period().toMillis(),
            config.featuresTopic()), TypeInformation.of(InsuranceContribution.class))
        .uid("first-only").name("one contribution per driver and window");
    return new Checked(first, verified.getSideOutput(VerifyContributions.DEAD_LETTERS).union(
        consistent.getSideOutput(CheckContribution.DEAD_LETTERS), first.getSideOutput(FirstContributionOnly.DEAD_LETTERS)));
  }

  /**
   * From checked contributions (with event time) to each driver's sum per period, with the
   * contributions that came after their period was summed on {@link #LATE_CONTRIBUTIONS}; no I/O.
   */
  public static SingleOutputStreamOperator<DriverPeriodSum> sum(DataStream<InsuranceContribution> contributions,
      InsuranceJobConfig config) {
    return contributions
        .keyBy(InsuranceContribution::getDriver)
        .window(TumblingEventTimeWindows.of(config.period()))
        .sideOutputLateData(LATE_CONTRIBUTIONS)
        .process(new SumDriverPeriod())
        .uid("sum").name("homomorphic sum per driver and period");
  }

  static DataStream<DeadLetter> lateContributions(SingleOutputStreamOperator<DriverPeriodSum> sums,
      InsuranceJobConfig config) {
    return LateRecords.insuranceContributions(sums.getSideOutput(LATE_CONTRIBUTIONS), config.featuresTopic(),
        config.period());
  }

  /** From the drivers' sums to scored periods; no I/O. */
  public static DataStream<ScoredPeriod> score(DataStream<DriverPeriodSum> sums, InsuranceJobConfig config,
      HeEvaluationKeys evaluationKeys, InsuranceModel model) {
    // The sums carry their period's last instant as event time: the same tumbling window gathers a
    // period's drivers once the watermark passes it.
    return sums
        .keyBy(s -> s.periodStartMs)
        .window(TumblingEventTimeWindows.of(config.period()))
        .process(new ScorePeriod(evaluationKeys.toBytes(), model))
        .uid("score").name("packed model evaluation per period");
  }
}
