package io.cpchain.he.job;

import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.function.EncryptFeatures;
import io.cpchain.he.function.MeasureFeatures;
import io.cpchain.he.insurance.ChainConsents;
import io.cpchain.he.insurance.ConsentRegistry;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.source.KafkaSources;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.jobs.config.JobDefaults;
import io.cpchain.jobs.metrics.CountRecordsIn;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.ValidReading;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * The owner side (standing for the vehicles' gateways, as {@link TrafficContributionJob} does):
 * telemetry.valid → per vehicle and contribution window, insurance features measured in plaintext
 * → for consenting drivers only, encrypted under the insurer's public key (CKKS) and signed with the
 * pipeline node's key →
 * insurance.features.encrypted; a reading after its window closed → insurance.dlq. Exactly once.
 * Plaintext never leaves it.
 */
public final class InsuranceContributionJob {

  public static final String JOB_NAME = "cpchain-insurance-contributions";
  private static final OutputTag<ValidReading> LATE_READINGS = new OutputTag<>("late-readings") {};

  private InsuranceContributionJob() {}

  public static void main(String[] args) throws Exception {
    InsuranceJobConfig config = InsuranceJobConfig.fromArgs(args);
    if (config.insurer().equals(InsuranceJobConfig.NO_INSURER)) {
      throw new IllegalArgumentException("--insurer (the insurer's chain account address) is required");
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(JobDefaults.configuration());
    configure(env, config, HePublicKey.read(Path.of(config.publicKeyFile())),
        InsuranceModel.read(Path.of(config.modelFile())),
        new ChainConsents(URI.create(config.chain()), config.consentMargin()));
    env.execute(JOB_NAME);
  }

  /** Adds the job to {@code env}; the public key and the model travel in the job graph. */
  public static void configure(StreamExecutionEnvironment env, InsuranceJobConfig config, HePublicKey publicKey,
      InsuranceModel model, ConsentRegistry consents) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Outputs outputs = pipeline(readValid(env, config), config, publicKey, model, consents);
    writeContributions(outputs.contributions(), config);
    LateRecords.write(outputs.deadLetters(), config.bootstrapServers(), config.kafka().properties(),
        config.contributionTransactionalIdPrefix() + "-dlq",
        config.deadLetterTopic());
  }

  /** What the job writes: the encrypted contributions, and the readings that came too late for theirs. */
  public record Outputs(DataStream<InsuranceContribution> contributions, DataStream<DeadLetter> deadLetters) {}

  public static DataStream<ValidReading> readValid(StreamExecutionEnvironment env, InsuranceJobConfig config) {
    return KafkaSources.read(env, ValidReading.class, config.bootstrapServers(), config.kafka().properties(),
        config.validTopic(),
        config.contributionGroup(), config.maxReadingBytes(), (r, kafkaTime) -> r.getReading().getEventTimeMs(), config.outOfOrderness(),
        config.idleness(), "source-valid");
  }

  /** In Kafka transactions committed with each checkpoint, keyed by driver pseudonym. */
  public static void writeContributions(DataStream<InsuranceContribution> contributions, InsuranceJobConfig config) {
    contributions
        .sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.contributionTransactionalIdPrefix(),
            new AvroRecordSerializer<>(config.featuresTopic(), InsuranceContribution.class,
                c -> c.getDriver(), c -> c.getWindowEndMs() - 1)))
        .uid("sink-features").name(config.featuresTopic());
  }

  /** From readings (with event time) to encrypted contributions of consenting drivers and late readings; no I/O. */
  public static Outputs pipeline(DataStream<ValidReading> readings, InsuranceJobConfig config, HePublicKey publicKey,
      InsuranceModel model, ConsentRegistry consents) {
    SingleOutputStreamOperator<InsuranceContribution> contributions = readings
        .map(new CountRecordsIn<>()).returns(readings.getType()).uid("count-in").name("count in")
        .keyBy(ValidReading::getDeviceId)
        .window(TumblingEventTimeWindows.of(config.contributionWindow()))
        .sideOutputLateData(LATE_READINGS)
        .aggregate(new MeasureFeatures(model),
            new EncryptFeatures(publicKey.toBytes(), model, consents, config.insurer(), config.period().toMillis(),
                config.signingKeyFile(), config.signingKeyPasswordFile()))
        .uid("measure-encrypt").name("measure features, encrypt if consented (CKKS)");
    return new Outputs(contributions, LateRecords.readings(contributions.getSideOutput(LATE_READINGS),
        config.validTopic(), config.contributionWindow(), "contribution window"));
  }
}
