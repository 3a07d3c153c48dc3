package io.cpchain.ingest.config;

import io.cpchain.conf.ConfigKey;
import io.cpchain.conf.JobArgs;
import io.cpchain.conf.JobConfigSource;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code TelemetryIngestJob} can be told. Defaults run against the local stack; every
 * field can be overridden with {@code --name value} or a properties file ({@code --config-file
 * flink-conf/jobs/ingest.properties}).
 */
public record IngestJobConfig(
    String bootstrapServers,
    String rawTopic,
    String registrationsTopic,
    String validTopic,
    String dlqTopic,
    String groupId,
    String transactionalIdPrefix,
    int parallelism,
    Duration checkpointInterval,
    Duration outOfOrderness,
    Duration idleness,
    Duration dedupRetention,
    Duration unknownDeviceGrace)
    implements Serializable {

  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port]");
  public static final ConfigKey<String> RAW_TOPIC =
      ConfigKey.string("raw-topic", "telemetry.raw", "signed TelemetryFrames from vehicles");
  public static final ConfigKey<String> REGISTRATIONS_TOPIC = ConfigKey.string("registrations-topic",
      "devices.registrations", "compacted topic of DeviceRegistrations, keyed by device id");
  public static final ConfigKey<String> VALID_TOPIC =
      ConfigKey.string("valid-topic", "telemetry.valid", "ValidReadings out, keyed by device id");
  public static final ConfigKey<String> DLQ_TOPIC =
      ConfigKey.string("dlq-topic", "telemetry.dlq", "DeadLetters out, with their reason");
  public static final ConfigKey<String> GROUP_ID =
      ConfigKey.string("group-id", "cpchain-ingest", "Kafka consumer group (offsets committed on checkpoints)");
  public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.string("transactional-id-prefix",
      "cpchain-ingest", "prefix of the sink's Kafka transactional ids; unique per job on a cluster");
  public static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.positiveInt("parallelism", 2, "parallel tasks per operator");
  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration("checkpoint-interval",
      Duration.ofSeconds(5), "how often state is checkpointed and output committed (output latency)");
  public static final ConfigKey<Duration> OUT_OF_ORDERNESS = ConfigKey.duration("out-of-orderness",
      Duration.ofSeconds(10), "how far behind the newest event time a reading may arrive and still count");
  public static final ConfigKey<Duration> IDLENESS = ConfigKey.duration("idleness",
      Duration.ofSeconds(5), "a task with no readings this long stops holding back the watermark");
  public static final ConfigKey<Duration> DEDUP_RETENTION = ConfigKey.duration("dedup-retention",
      Duration.ofHours(6), "how long a (device, seq) is remembered to drop a replayed frame");
  public static final ConfigKey<Duration> UNKNOWN_DEVICE_GRACE = ConfigKey.duration("unknown-device-grace",
      Duration.ofSeconds(5), "how long a frame waits for its device's registration before it is rejected");

  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, RAW_TOPIC, REGISTRATIONS_TOPIC,
      VALID_TOPIC, DLQ_TOPIC, GROUP_ID, TRANSACTIONAL_ID_PREFIX, PARALLELISM, CHECKPOINT_INTERVAL,
      OUT_OF_ORDERNESS, IDLENESS, DEDUP_RETENTION, UNKNOWN_DEVICE_GRACE);

  public static IngestJobConfig fromArgs(String... args) {
    JobConfigSource source = JobConfigSource.parse(KEYS, args);
    return new IngestJobConfig(
        source.get(BOOTSTRAP_SERVERS), source.get(RAW_TOPIC), source.get(REGISTRATIONS_TOPIC),
        source.get(VALID_TOPIC), source.get(DLQ_TOPIC), source.get(GROUP_ID),
        source.get(TRANSACTIONAL_ID_PREFIX), source.get(PARALLELISM), source.get(CHECKPOINT_INTERVAL),
        source.get(OUT_OF_ORDERNESS), source.get(IDLENESS), source.get(DEDUP_RETENTION),
        source.get(UNKNOWN_DEVICE_GRACE));
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return new JobArgs()
        .with(BOOTSTRAP_SERVERS, bootstrapServers)
        .with(RAW_TOPIC, rawTopic)
        .with(REGISTRATIONS_TOPIC, registrationsTopic)
        .with(VALID_TOPIC, validTopic)
        .with(DLQ_TOPIC, dlqTopic)
        .with(GROUP_ID, groupId)
        .with(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix)
        .with(PARALLELISM, parallelism)
        .with(CHECKPOINT_INTERVAL, checkpointInterval)
        .with(OUT_OF_ORDERNESS, outOfOrderness)
        .with(IDLENESS, idleness)
        .with(DEDUP_RETENTION, dedupRetention)
        .with(UNKNOWN_DEVICE_GRACE, unknownDeviceGrace)
        .toArray();
  }
}
