package io.cpchain.ingest.job;

import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.function.FlattenReadings;
import io.cpchain.ingest.function.VerifiedFrame;
import io.cpchain.ingest.function.VerifyAndDeduplicate;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.ingest.serde.DeadLetters;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.ingest.validation.ChainRegistrations;
import io.cpchain.ingest.validation.ChainUpdate;
import io.cpchain.jobs.source.ChainIdentitySource;
import io.cpchain.jobs.source.NoEventTime;
import io.cpchain.jobs.source.RecordDeserializer;
import io.cpchain.ingest.source.RawRecord;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.ValidReading;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * telemetry.raw, keyed by device → decode → verify signature against the chain's registrations → range
 * and consistency checks → drop duplicate frames → readings with event time → telemetry.valid;
 * everything rejected on the way → telemetry.dlq with its reason. Exactly once end to end.
 */
public final class TelemetryIngestJob {

  public static final String JOB_NAME = "cpchain-ingest";

  private TelemetryIngestJob() {}

  public static void main(String[] args) throws Exception {
    IngestJobConfig config = IngestJobConfig.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
    configure(env, config);
    env.execute(JOB_NAME);
  }

  /** Settings that belong to this job wherever it runs, whatever the cluster's defaults. */
  public static Configuration jobConfiguration() {
    Configuration conf = JobDefaults.configuration();
    // No operator keeps or changes a record after passing it on, so chained operators may share
    // objects instead of deep-copying each frame between them.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    return conf;
  }

  /** Adds the job's sources, pipeline and sinks to {@code env}. */
  public static void configure(StreamExecutionEnvironment env, IngestJobConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    writeOutputs(pipeline(readRaw(env, config), readRegistrations(env, config), config), config);
  }

  public static DataStream<RawRecord> readRaw(StreamExecutionEnvironment env, IngestJobConfig config) {
    // No watermarks: every rule reads a record's own Kafka timestamp (RawRecord.timestampMs), never
    // how far the job has got, so a replay or a restore judges each record as the live run did.
    return env.fromSource(rawSource(config), WatermarkStrategy.noWatermarks(), "telemetry.raw")
        .uid("source-raw");
  }

  /**
   * Devices' registrations as the chain accepted them (owner-signed, first owner of a device id
   * only), from final blocks verified against the genesis validators, and word once the reader has
   * caught up with the chain: one reader, the chain's height checkpointed.
   */
  public static DataStream<ChainUpdate> readRegistrations(StreamExecutionEnvironment env,
      IngestJobConfig config) {
    return env.fromSource(registrationSource(config), NoEventTime.strategy(), "chain registrations")
        .setParallelism(1).uid("source-chain-registrations");
  }

  /** Both outputs go to Kafka in transactions committed with each checkpoint. */
  public static void writeOutputs(Outputs outputs, IngestJobConfig config) {
    outputs.valid().sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-valid",
            new AvroRecordSerializer<>(config.validTopic(), ValidReading.class, ValidReading::getDeviceId,
                reading -> reading.getReading().getEventTimeMs())))
        .uid("sink-valid").name(config.validTopic());
    outputs.deadLetters().sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-dlq",
            new AvroRecordSerializer<>(config.dlqTopic(), DeadLetter.class, DeadLetter::getDeviceId,
                DeadLetter::getRejectedAtMs)))
        .uid("sink-dlq").name(config.dlqTopic());
  }

  /** What the job writes: valid readings in event time, and every rejected record. */
  public record Outputs(DataStream<ValidReading> valid, DataStream<DeadLetter> deadLetters) {}

  /** The job's logic from input streams to output streams, with no I/O: tests drive it directly. */
  public static Outputs pipeline(DataStream<RawRecord> raw, DataStream<ChainUpdate> registrations,
      IngestJobConfig config) {
    SingleOutputStreamOperator<VerifiedFrame> verified = raw
        .keyBy(RawRecord::deviceKey)
        .connect(registrations.broadcast(VerifyAndDeduplicate.REGISTRATIONS))
        .process(new VerifyAndDeduplicate(config))
        .uid("verify-dedup").name("decode, verify signature, check, deduplicate");

    SingleOutputStreamOperator<ValidReading> valid = verified
        .process(new FlattenReadings(config.maxLateness())).uid("flatten").name("readings in event time");

    DataStream<DeadLetter> deadLetters = verified.getSideOutput(DeadLetters.TAG)
        .union(valid.getSideOutput(DeadLetters.TAG));
    return new Outputs(valid, deadLetters);
  }

  private static KafkaSource<RawRecord> rawSource(IngestJobConfig config) {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(config.kafka().properties())
        .setTopics(config.rawTopic())
        .setGroupId(config.groupId())
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        // The bytes as they came: a frame is decoded, and a bad one dead-lettered, once its device is known.
        .setDeserializer(RecordDeserializer.failing(RawRecord::of, RawRecord.class))
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  private static ChainIdentitySource<ChainUpdate> registrationSource(IngestJobConfig config) {
    return new ChainIdentitySource<>(config.chain().sourceSettings(), new ChainRegistrations(),
        TypeInformation.of(ChainUpdate.class));
  }

}
