package io.cpchain.anchor.job;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.anchor.function.AnchorOperator;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.jobs.source.NoEventTime;
import io.cpchain.jobs.source.RecordDecoder;
import io.cpchain.jobs.source.RecordDeserializer;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.jobs.config.JobDefaults;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * manifests → hash of each as published → batches per upload interval (or full) → one Anchor
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
    writeReceipts(pipeline(readManifests(env, config), config), config);
  }

  /**
   * A manifest record → its hash over the bytes exactly as published (what is anchored), with the
   * device and interval a receipt names. A record that is not a manifest is logged and skipped: there
   * is nothing in it to anchor for anyone, and it must not stop the job.
   */
  public static DataStream<ManifestRef> readManifests(StreamExecutionEnvironment env, AnchorJobConfig config) {
    RecordDecoder<ManifestRef> manifestRef = RecordDecoder.avroValue(IntervalManifest.class)
        .then((record, manifest) -> new ManifestRef(ManifestRef.hashOf(record.value()), manifest.getDeviceId(),
            manifest.getIntervalStartMs(), manifest.getIntervalEndMs(), System.currentTimeMillis()));
    return env.fromSource(KafkaSource.<ManifestRef>builder()
            .setBootstrapServers(config.bootstrapServers())
            .setTopics(config.manifestsTopic())
            .setGroupId(config.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(RecordDeserializer.skipping(manifestRef, ManifestRef.class))
            .setProperty("isolation.level", "read_committed")
            .build(), NoEventTime.strategy(), config.manifestsTopic())
        .uid("source-manifests");
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
    receipts.sinkTo(ExactlyOnceKafkaSink.create(config.bootstrapServers(),
            config.transactionalIdPrefix() + "-receipts",
            new AvroRecordSerializer<>(config.receiptsTopic(), AnchorReceipt.class, AnchorReceipt::getDeviceId,
                AnchorReceipt::getBlockTimestampMs)))
        .setParallelism(1).uid("sink-receipts").name(config.receiptsTopic());
  }
}
