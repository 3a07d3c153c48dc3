package io.cpchain.he.config;

import io.cpchain.conf.JobOptions;
import io.cpchain.he.contribution.TrustedSigners;
import io.cpchain.crypto.sign.Address;
import io.cpchain.jobs.config.KafkaClientConfig;
import java.util.Set;
import io.cpchain.conf.Option;
import io.cpchain.conf.OptionGroup;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything the two traffic jobs can be told ({@code TrafficContributionJob} on the owner side,
 * {@code TrafficAggregationJob} in the middle). Defaults run against the local stack; every field
 * can be overridden with {@code --name value} or {@code --config-file flink-conf/jobs/he-traffic.properties}.
 */
public record TrafficJobConfig(
    @Option(name = "bootstrap-servers", defaultValue = "127.0.0.1:9092",
        description = "Kafka brokers, host:port[,host:port]")
    String bootstrapServers,
    @OptionGroup KafkaClientConfig kafka,
    @Option(name = "valid-topic", defaultValue = "telemetry.valid", description = "ValidReadings in (contribution job)")
    String validTopic,
    @Option(name = "contribution-topic", defaultValue = "analytics.traffic.contrib",
        description = "encrypted TrafficContributions (out of the contribution job, into aggregation)")
    String contributionTopic,
    @Option(name = "encrypted-topic", defaultValue = "analytics.traffic.encrypted",
        description = "EncryptedTrafficWindows out of the aggregation job")
    String encryptedTopic,
    @Option(name = "dead-letter-topic", defaultValue = "analytics.traffic.dlq", description = "readings and"
        + " contributions that came after their window closed (LATE_EVENT), kept whole with the window they missed")
    String deadLetterTopic,
    @Option(name = "group-id", defaultValue = "cpchain-he-traffic",
        description = "Kafka consumer group prefix; each job adds its own suffix")
    String groupId,
    @Option(name = "transactional-id-prefix", defaultValue = "cpchain-he-traffic",
        description = "prefix of the sinks' Kafka transactional ids; unique per job on a cluster")
    String transactionalIdPrefix,
    @Option(name = "max-reading-bytes", defaultValue = "4096", description = "largest record on valid-topic taken"
        + " for a reading (contribution job); larger ones are skipped and counted (a reading is about 120 bytes)")
    int maxReadingBytes,
    @Option(name = "max-contribution-bytes", defaultValue = "1048576", description = "largest record on contribution-topic"
        + " taken for a contribution; larger ones are skipped and counted (a ciphertext is at most about 530 KiB)")
    int maxContributionBytes,
    @Option(name = "parallelism", defaultValue = "2",
        description = "parallel tasks per operator (each runs its own SEAL engine)")
    int parallelism,
    @Option(name = "checkpoint-interval", defaultValue = "5s",
        description = "how often state is checkpointed and output committed (output latency)")
    Duration checkpointInterval,
    @Option(name = "window", defaultValue = "5m",
        description = "event-time tumbling aggregation window; the same in both jobs")
    Duration window,
    @Option(name = "out-of-orderness", defaultValue = "10s",
        description = "how late (event time) a reading may arrive and still count in its window")
    Duration outOfOrderness,
    @Option(name = "aggregation-delay", defaultValue = "1m", description = "how long after a window's end the"
        + " aggregation waits for its contributions (contribution subtasks close a window at different moments, and"
        + " commit with their checkpoints)")
    Duration aggregationDelay,
    @Option(name = "idleness", defaultValue = "2m",
        description = "a partition with no input this long stops holding back the watermark; it must outlast the"
        + " upstream job's longest gap between commits (its checkpoint interval plus its longest checkpoint), or a"
        + " partition that waited on a commit makes its records late")
    Duration idleness,
    @Option(name = "public-key", defaultValue = ".cpchain/he/analytics.pub",
        description = "the analytics public key file the contribution job encrypts under (read when the job is built)")
    String publicKeyFile,
    @Option(name = "signing-key-file", defaultValue = ".cpchain/keys/pipeline-node.key", description = "the pipeline"
        + " node's secp256k1 key file (encrypted) the contribution job signs every contribution with, read on the task manager")
    String signingKeyFile,
    @Option(name = "signing-key-password-file", defaultValue = ".cpchain/keys/pipeline-node.password",
        description = "file whose first line is the signing key file's password")
    String signingKeyPasswordFile,
    @Option(name = "trusted-signers", defaultValue = TrustedSigners.NONE, description = "addresses (0x hex,"
        + " comma-separated) of the pipeline nodes whose signed contributions the aggregation job takes; it refuses"
        + " to start with " + TrustedSigners.NONE)
    String trustedSigners)
    implements Serializable {

  public static final JobOptions<TrafficJobConfig> OPTIONS = JobOptions.of(TrafficJobConfig.class);

  public TrafficJobConfig {
    TrustedSigners.of(trustedSigners);
  }

  /** The pipeline node addresses whose contributions the aggregation sums: at least one, or the job must not start. */
  public Set<Address> trustedSignerSet() {
    return TrustedSigners.required(trustedSigners, "contributions are summed");
  }

  public static TrafficJobConfig fromArgs(String... args) {
    return OPTIONS.parse(args);
  }

  /** The Kafka consumer group in which {@code TrafficContributionJob} reads telemetry.valid and commits its offsets with each checkpoint. */
  public String contributionGroup() {
    return groupId + "-contrib";
  }

  /** The Kafka consumer group in which {@code TrafficAggregationJob} reads the contributions and commits its offsets with each checkpoint. */
  public String aggregationGroup() {
    return groupId + "-aggregate";
  }

  /**
   * The prefix of every transactional id {@code TrafficContributionJob}'s sinks use: its own, not shared with
   * the aggregation job, so each job's Kafka user may be allowed its own transactions only.
   */
  public String contributionTransactionalIdPrefix() {
    return transactionalIdPrefix + "-contrib";
  }

  /** The prefix of every transactional id {@code TrafficAggregationJob}'s sinks use. */
  public String aggregationTransactionalIdPrefix() {
    return transactionalIdPrefix + "-aggregate";
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
