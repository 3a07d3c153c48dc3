package io.cpchain.ingest.config;

import io.cpchain.conf.JobOptions;
import io.cpchain.conf.Option;
import io.cpchain.conf.OptionGroup;
import io.cpchain.jobs.config.KafkaClientConfig;
import io.cpchain.jobs.source.ChainSourceConfig;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything {@code TelemetryIngestJob} can be told. Defaults run against the local stack; every
 * field can be overridden with {@code --name value} or a properties file ({@code --config-file
 * flink-conf/jobs/ingest.properties}).
 */
public record IngestJobConfig(
    @Option(name = "bootstrap-servers", defaultValue = "127.0.0.1:9092",
        description = "Kafka brokers, host:port[,host:port]")
    String bootstrapServers,
    @OptionGroup KafkaClientConfig kafka,
    @Option(name = "raw-topic", defaultValue = "telemetry.raw", description = "signed TelemetryFrames from vehicles")
    String rawTopic,
    @OptionGroup ChainSourceConfig chain,
    @Option(name = "valid-topic", defaultValue = "telemetry.valid", description = "ValidReadings out, keyed by device id")
    String validTopic,
    @Option(name = "dlq-topic", defaultValue = "telemetry.dlq", description = "DeadLetters out, with their reason")
    String dlqTopic,
    @Option(name = "group-id", defaultValue = "cpchain-ingest",
        description = "Kafka consumer group (offsets committed on checkpoints)")
    String groupId,
    @Option(name = "transactional-id-prefix", defaultValue = "cpchain-ingest",
        description = "prefix of the sink's Kafka transactional ids; unique per job on a cluster")
    String transactionalIdPrefix,
    @Option(name = "parallelism", defaultValue = "2", description = "parallel tasks per operator")
    int parallelism,
    @Option(name = "checkpoint-interval", defaultValue = "5s",
        description = "how often state is checkpointed and output committed (output latency)")
    Duration checkpointInterval,
    @Option(name = "max-lateness", defaultValue = "10s",
        description = "how long before its record's Kafka timestamp a reading may be taken and still count;"
            + " older ones are LATE_EVENT dead letters (keep it at most the downstream jobs' out-of-orderness)")
    Duration maxLateness,
    @Option(name = "replay-window", defaultValue = "256",
        description = "how many frame numbers below a device's newest one may still come (out of order);"
            + " older ones, and any number seen before, are DUPLICATE_FRAME dead letters (a multiple of 64;"
            + " kept per device, 1 + window/64 longs)")
    int replayWindow,
    @Option(name = "unknown-device-grace", defaultValue = "5s",
        description = "how long a frame waits for its device's registration before it is rejected, counted from"
            + " when it came or, if later, from when the job had read the chain up to the head it saw")
    Duration unknownDeviceGrace,
    @Option(name = "max-awaiting-frames", defaultValue = "1024",
        description = "how many frames of one unregistered device wait for its registration; more are"
            + " UNKNOWN_DEVICE dead letters at once")
    int maxAwaitingFrames,
    @Option(name = "max-awaiting-bytes", defaultValue = "1048576",
        description = "how many bytes of frames of one unregistered device wait for its registration; more are"
            + " UNKNOWN_DEVICE dead letters at once (8 frames of max-frame-bytes)")
    long maxAwaitingBytes,
    @Option(name = "max-awaiting-task-bytes", defaultValue = "67108864",
        description = "how many bytes of frames of all unregistered devices wait in one task (while the job has"
            + " not read the chain yet, every device is unregistered to it); more are UNKNOWN_DEVICE dead letters"
            + " at once")
    long maxAwaitingTaskBytes,
    @Option(name = "max-frame-bytes", defaultValue = "131072",
        description = "largest record on raw-topic taken for a frame; larger ones are TOO_LARGE dead letters"
            + " (a frame of the most readings the checks allow, 1000, is about 52 KiB)")
    int maxFrameBytes,
    @Option(name = "max-clock-skew", defaultValue = "2m",
        description = "how far after the job's clock a frame may be sent or a reading taken; later ones are"
            + " FUTURE_EVENT dead letters (keep it under the brokers' message.timestamp.after.max.ms)")
    Duration maxClockSkew)
    implements Serializable {

  public static final JobOptions<IngestJobConfig> OPTIONS = JobOptions.of(IngestJobConfig.class);

  public static IngestJobConfig fromArgs(String... args) {
    return OPTIONS.parse(args);
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return OPTIONS.toArgs(this);
  }

  @Override
  public String toString() {
    return OPTIONS.toString(this);
  }
}
