package io.cpchain.anchor.job;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.anchor.function.AnchorOperator;
import io.cpchain.anchor.function.PublishedManifest;
import io.cpchain.anchor.function.VerifyManifests;
import io.cpchain.conf.ConfigException;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.jobs.source.Decoded;
import io.cpchain.jobs.source.NoEventTime;
import io.cpchain.jobs.source.RecordDecoder;
import io.cpchain.jobs.source.RecordDeserializer;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * manifests → signature checked (trusted pipeline nodes only; the rest → {@code anchors.dlq}) → hash of each as published → batches per upload interval (or full) → one Anchor
 * transaction per batch on the chain, idempotent by the batch's Merkle root → once final, one
 * {@link AnchorReceipt} per manifest (inclusion proof, block) on {@code anchors.receipts}, exactly once.
 */
public final class AnchorJob {

  public static final String JOB_NAME = "cpchain-anchor";

  private AnchorJob() {}

  public static void main(String[] args) throws Exception {
    AnchorJobConfig config = AnchorJobConfig.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration());
    configure(env, config);
    env.execute(JOB_NAME);
  }

  /** Settings that belong to this job wherever it runs. */
  public static Configuration jobConfiguration() {
    return JobDefaults.configuration();
  }

  public static void configure(StreamExecutionEnvironment env, AnchorJobConfig config) {
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    Manifests manifests = readManifests(env, config);
    writeReceipts(pipeline(manifests.verified(), config), config);
    writeDeadLetters(manifests.deadLetters(), config);
  }

  /** The manifests a trusted pipeline node signed, to be anchored, and the records that are not. */
  public record Manifests(DataStream<ManifestRef> verified, DataStream<DeadLetter> deadLetters) {}

  /**
   * A manifest record → its hash over the bytes exactly as published (what is anchored), with the
   * device and interval a receipt names, once its signature verifies by one of {@code trusted-signers}.
   * A record that is not a manifest, or a manifest no trusted node signed, is a dead letter: nothing
   * in it may be anchored, and it must not stop the job.
   */
  public static Manifests readManifests(StreamExecutionEnvironment env, AnchorJobConfig config) {
    if (config.trustedSignerSet().isEmpty()) {
      throw new ConfigException("trusted-signers: name the pipeline node address(es) whose manifests are anchored");
    }
    RecordDecoder<PublishedManifest> published = RecordDecoder.avroValue(IntervalManifest.class)
        .then((record, manifest) -> new PublishedManifest(record.value(), manifest.getDeviceId(), record.topic(),
            record.partition(), record.offset()));
    SingleOutputStreamOperator<ManifestRef> verified = env.fromSource(KafkaSource.<Decoded<PublishedManifest>>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setProperties(config.kafka().properties())
            .setTopics(config.manifestsTopic())
            .setGroupId(config.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(RecordDeserializer.deadLettering(published, PublishedManifest.class))
            .setProperty("isolation.level", "read_committed")
            .build(), NoEventTime.strategy(), config.manifestsTopic())
        .uid("source-manifests")
        .process(new VerifyManifests(config), TypeInformation.of(ManifestRef.class))
        .uid("verify-manifests").name("verify manifest signatures");
    return new Manifests(verified, verified.getSideOutput(VerifyManifests.DEAD_LETTERS));
  }

  /** The job's logic from manifests to receipts, with no Kafka: tests drive it directly. */
  public static DataStream<AnchorReceipt> pipeline(DataStream<ManifestRef> manifests, AnchorJobConfig config) {
    // One anchoring task: one submitter account, one nonce sequence, batches across all devices.
    return manifests
        .transform("anchor on chain", TypeInformation.of(AnchorReceipt.class), new AnchorOperator(config))
        .setParallelism(1).setMaxParallelism(1)
        .uid("anchor");
  }

  public static void writeReceipts(DataStream<AnchorReceipt> receipts, AnchorJobConfig config) {
    receipts.sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-receipts",
            new AvroRecordSerializer<>(config.receiptsTopic(), AnchorReceipt.class, AnchorReceipt::getDeviceId,
                AnchorReceipt::getBlockTimestampMs)))
        .setParallelism(1).uid("sink-receipts").name(config.receiptsTopic());
  }

  public static void writeDeadLetters(DataStream<DeadLetter> deadLetters, AnchorJobConfig config) {
    deadLetters.sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(), config.kafka().properties(),
            config.transactionalIdPrefix() + "-dlq",
            new AvroRecordSerializer<>(config.deadLetterTopic(), DeadLetter.class, DeadLetter::getDeviceId,
                DeadLetter::getRejectedAtMs)))
        .uid("sink-dlq").name(config.deadLetterTopic());
  }
}
