package io.cpchain.encrypt.job;

import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.function.AssembleInterval;
import io.cpchain.encrypt.function.ClosedInterval;
import io.cpchain.encrypt.function.EncryptAndStore;
import io.cpchain.encrypt.function.SplitUndecodable;
import io.cpchain.encrypt.function.VerifyEpochKeys;
import io.cpchain.encrypt.chain.ChainIdentity;
import io.cpchain.encrypt.chain.ChainOwners;
import io.cpchain.jobs.source.ChainIdentitySource;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.function.LateToDeadLetter;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.jobs.source.Decoded;
import io.cpchain.jobs.source.NoEventTime;
import io.cpchain.jobs.source.NotAheadOfClock;
import io.cpchain.jobs.source.RecordDecoder;
import io.cpchain.jobs.source.RecordDeserializer;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * telemetry.valid, keyed by device (and owner) → event-time windows of the encryption interval →
 * readings serialised and Merkle-rooted → encrypted to the epoch key the owner certified under its root key on
 * the chain, chunks stored on r
 * storage nodes → signed manifests on {@code manifests}, exactly once; readings that miss their
 * interval, readings of an interval whose epoch key does not come, records that do not decode and refused
 * epoch-key certificates →
 * {@code intervals.dlq} with their reason.
 */
public final class IntervalEncryptJob {

  public static final String JOB_NAME = "cpchain-encrypt";
  private static final OutputTag<ValidReading> LATE = new OutputTag<>("late-readings") {};

  private IntervalEncryptJob() {}

  public static void main(String[] args) throws Exception {
    EncryptJobConfig config = EncryptJobConfig.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
    configure(env, config);
    env.execute(JOB_NAME);
  }

  /** Settings that belong to this job wherever it runs. */
  public static Configuration jobConfiguration() {
    return JobDefaults.configuration();
  }

  public static void configure(StreamExecutionEnvironment env, EncryptJobConfig config) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    writeOutputs(pipeline(readValid(env, config), readEpochKeys(env, config), readChainIdentities(env, config), config),
        config);
  }

  public static DataStream<Decoded<ValidReading>> readValid(StreamExecutionEnvironment env, EncryptJobConfig config) {
    // Event time is the reading's own; watermarks per partition, bounded out-of-orderness. A record
    // that does not decode becomes a dead letter with its bytes and offset instead of stopping the
    // job or vanishing.
    return env.fromSource(KafkaSource.<Decoded<ValidReading>>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setProperties(config.kafka().properties())
            .setTopics(config.validTopic())
            .setGroupId(config.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(RecordDeserializer.deadLettering(RecordDecoder.avroValue(ValidReading.class),
                ValidReading.class))
            .setProperty("isolation.level", "read_committed")
            .build(),
        // A record that did not decode has no event time: it must not move the watermark. A reading
        // dated ahead (a device may be up to the ingest job's max-clock-skew ahead) moves it only to now.
        NotAheadOfClock.<Decoded<ValidReading>>strategy(config.outOfOrderness(),
            (incoming, kafkaTimestamp) -> incoming.ok() ? incoming.value().getReading().getEventTimeMs() : Long.MIN_VALUE,
            config.idleness()), config.validTopic())
        .uid("source-valid");
  }

  public static DataStream<EpochKey> readEpochKeys(StreamExecutionEnvironment env, EncryptJobConfig config) {
    // A fresh job reads the whole compacted topic; a restored one has the keys in state. A record
    // that does not decode is logged and skipped: the intervals of its epoch wait for a good
    // certificate. VerifyEpochKeys checks the rest against the chain.
    return env.fromSource(KafkaSource.<EpochKey>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setProperties(config.kafka().properties())
            .setTopics(config.epochKeysTopic())
            .setGroupId(config.epochKeysGroup())
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(RecordDeserializer.skipping(RecordDecoder.avroValue(EpochKey.class), EpochKey.class))
            .setProperty("isolation.level", "read_committed")
            .build(), NoEventTime.strategy(), config.epochKeysTopic())
        .uid("source-epoch-keys");
  }

  /**
   * Owners' root keys and devices as the chain accepted them, from final blocks verified against the
   * genesis validators: one reader, the chain's height checkpointed.
   */
  public static DataStream<ChainIdentity> readChainIdentities(StreamExecutionEnvironment env, EncryptJobConfig config) {
    return env.fromSource(new ChainIdentitySource<>(config.chain().sourceSettings(), new ChainOwners(),
            TypeInformation.of(ChainIdentity.class)), NoEventTime.strategy(), "chain owners and devices")
        .setParallelism(1).uid("source-chain-identities");
  }

  /** What the job writes: signed manifests, and the records it could not put in an interval. */
  public record Outputs(DataStream<IntervalManifest> manifests, DataStream<DeadLetter> deadLetters) {}

  /** The job's logic from input streams to output streams, with no Kafka: tests drive it directly. */
  public static Outputs pipeline(DataStream<Decoded<ValidReading>> incoming, DataStream<EpochKey> epochKeys,
      DataStream<ChainIdentity> chainIdentities, EncryptJobConfig config) {
    SingleOutputStreamOperator<ValidReading> readings = incoming
        .process(new SplitUndecodable()).uid("split-undecodable").name("decode");

    SingleOutputStreamOperator<ClosedInterval> intervals = readings
        .keyBy(AssembleInterval::key)
        .window(TumblingEventTimeWindows.of(config.interval()))
        .sideOutputLateData(LATE)
        .process(new AssembleInterval(), TypeInformation.of(ClosedInterval.class))
        .uid("intervals").name("encryption intervals");

    // Only certificates the chain backs reach the intervals: first valid one per (owner, device, epoch).
    SingleOutputStreamOperator<EpochKey> verifiedKeys = chainIdentities.keyBy(ChainIdentity::ownerId)
        .connect(epochKeys.keyBy(EpochKey::getOwnerId))
        .process(new VerifyEpochKeys(config), TypeInformation.of(EpochKey.class))
        .uid("verify-epoch-keys").name("verify epoch keys against the chain");

    SingleOutputStreamOperator<IntervalManifest> manifests = intervals
        .keyBy(ClosedInterval::deviceId)
        .connect(verifiedKeys.broadcast(EncryptAndStore.EPOCH_KEYS))
        .process(new EncryptAndStore(config), TypeInformation.of(IntervalManifest.class))
        .uid("encrypt-store").name("encrypt, store chunks, sign manifest");

    DataStream<DeadLetter> late = intervals.getSideOutput(LATE)
        .map(LateToDeadLetter.forReadings(config.validTopic(), config.interval(), "encryption interval", "was written"),
            TypeInformation.of(DeadLetter.class))
        .uid("late-readings").name("late readings");
    return new Outputs(manifests, readings.getSideOutput(SplitUndecodable.DEAD_LETTERS).union(late,
        manifests.getSideOutput(EncryptAndStore.DEAD_LETTERS), verifiedKeys.getSideOutput(VerifyEpochKeys.DEAD_LETTERS)));
  }

  public static void writeOutputs(Outputs outputs, EncryptJobConfig config) {
    outputs.manifests().sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-manifests",
            new AvroRecordSerializer<>(config.manifestsTopic(), IntervalManifest.class, IntervalManifest::getDeviceId,
                IntervalManifest::getIntervalEndMs)))
        .uid("sink-manifests").name(config.manifestsTopic());
    outputs.deadLetters().sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-dlq",
            new AvroRecordSerializer<>(config.dlqTopic(), DeadLetter.class, DeadLetter::getDeviceId,
                DeadLetter::getRejectedAtMs)))
        .uid("sink-dlq").name(config.dlqTopic());
  }
}
