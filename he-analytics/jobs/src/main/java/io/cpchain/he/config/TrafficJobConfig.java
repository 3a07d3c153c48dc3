package io.cpchain.he.config;

import io.cpchain.conf.ConfigKey;
import io.cpchain.conf.JobArgs;
import io.cpchain.conf.JobConfigSource;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the two traffic jobs can be told ({@code TrafficContributionJob} on the owner side,
 * {@code TrafficAggregationJob} in the middle). Defaults run against the local stack; every field
 * can be overridden with {@code --name value} or {@code --config-file flink-conf/jobs/he-traffic.properties}.
 */
public record TrafficJobConfig(
    String bootstrapServers,
    String validTopic,
    String contributionTopic,
    String encryptedTopic,
    String groupId,
    String transactionalIdPrefix,
    int parallelism,
    Duration checkpointInterval,
    Duration window,
    Duration outOfOrderness,
    Duration aggregationDelay,
    Duration idleness,
    String publicKeyFile)
    implements Serializable {

  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port]");
  public static final ConfigKey<String> VALID_TOPIC =
      ConfigKey.string("valid-topic", "telemetry.valid", "ValidReadings in (contribution job)");
  public static final ConfigKey<String> CONTRIBUTION_TOPIC = ConfigKey.string("contribution-topic",
      "analytics.traffic.contrib", "encrypted TrafficContributions (out of the contribution job, into aggregation)");
  public static final ConfigKey<String> ENCRYPTED_TOPIC = ConfigKey.string("encrypted-topic",
      "analytics.traffic.encrypted", "EncryptedTrafficWindows out of the aggregation job");
  public static final ConfigKey<String> GROUP_ID = ConfigKey.string("group-id", "cpchain-he-traffic",
      "Kafka consumer group prefix; each job adds its own suffix");
  public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.string("transactional-id-prefix",
      "cpchain-he-traffic", "prefix of the sinks' Kafka transactional ids; unique per job on a cluster");
  public static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.positiveInt("parallelism", 2, "parallel tasks per operator (each runs its own SEAL engine)");
  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration("checkpoint-interval",
      Duration.ofSeconds(5), "how often state is checkpointed and output committed (output latency)");
  public static final ConfigKey<Duration> WINDOW = ConfigKey.duration("window", Duration.ofMinutes(5),
      "event-time tumbling aggregation window; the same in both jobs");
  public static final ConfigKey<Duration> OUT_OF_ORDERNESS = ConfigKey.duration("out-of-orderness",
      Duration.ofSeconds(10), "how late (event time) a reading may arrive and still count in its window");
  public static final ConfigKey<Duration> AGGREGATION_DELAY = ConfigKey.duration("aggregation-delay",
      Duration.ofMinutes(1), "how long after a window's end the aggregation waits for its contributions"
          + " (contribution subtasks close a window at different moments, and commit with their checkpoints)");
  public static final ConfigKey<Duration> IDLENESS = ConfigKey.duration("idleness",
      Duration.ofSeconds(5), "a partition with no input this long stops holding back the watermark");
  public static final ConfigKey<String> PUBLIC_KEY_FILE = ConfigKey.string("public-key", ".cpchain/he/analytics.pub",
      "the analytics public key file the contribution job encrypts under (read when the job is built)");

  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, VALID_TOPIC, CONTRIBUTION_TOPIC,
      ENCRYPTED_TOPIC, GROUP_ID, TRANSACTIONAL_ID_PREFIX, PARALLELISM, CHECKPOINT_INTERVAL, WINDOW,
      OUT_OF_ORDERNESS, AGGREGATION_DELAY, IDLENESS, PUBLIC_KEY_FILE);

  public static TrafficJobConfig fromArgs(String... args) {
    JobConfigSource source = JobConfigSource.parse(KEYS, args);
    return new TrafficJobConfig(source.get(BOOTSTRAP_SERVERS), source.get(VALID_TOPIC),
        source.get(CONTRIBUTION_TOPIC), source.get(ENCRYPTED_TOPIC), source.get(GROUP_ID),
        source.get(TRANSACTIONAL_ID_PREFIX), source.get(PARALLELISM), source.get(CHECKPOINT_INTERVAL),
        source.get(WINDOW), source.get(OUT_OF_ORDERNESS), source.get(AGGREGATION_DELAY), source.get(IDLENESS),
        source.get(PUBLIC_KEY_FILE));
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return new JobArgs()
        .with(BOOTSTRAP_SERVERS, bootstrapServers)
        .with(VALID_TOPIC, validTopic)
        .with(CONTRIBUTION_TOPIC, contributionTopic)
        .with(ENCRYPTED_TOPIC, encryptedTopic)
        .with(GROUP_ID, groupId)
        .with(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix)
        .with(PARALLELISM, parallelism)
        .with(CHECKPOINT_INTERVAL, checkpointInterval)
        .with(WINDOW, window)
        .with(OUT_OF_ORDERNESS, outOfOrderness)
        .with(AGGREGATION_DELAY, aggregationDelay)
        .with(IDLENESS, idleness)
        .with(PUBLIC_KEY_FILE, publicKeyFile)
        .toArray();
  }
}
