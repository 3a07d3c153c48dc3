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
 * Everything the two insurance jobs can be told ({@code InsuranceContributionJob} on the owner
 * side, {@code InsuranceScoringJob} in the middle). Defaults run against the local stack; every
 * field can be overridden with {@code --name value} or {@code --config-file flink-conf/jobs/insurance.properties}.
 */
public record InsuranceJobConfig(
    @Option(name = "bootstrap-servers", defaultValue = "127.0.0.1:9092",
        description = "Kafka brokers, host:port[,host:port]")
    String bootstrapServers,
    @OptionGroup KafkaClientConfig kafka,
    @Option(name = "valid-topic", defaultValue = "telemetry.valid", description = "ValidReadings in (contribution job)")
    String validTopic,
    @Option(name = "features-topic", defaultValue = "insurance.features.encrypted",
        description = "encrypted InsuranceContributions (out of the contribution job, into scoring)")
    String featuresTopic,
    @Option(name = "scores-topic", defaultValue = "insurance.scores.encrypted",
        description = "ScoredPeriods out of the scoring job")
    String scoresTopic,
    @Option(name = "dead-letter-topic", defaultValue = "insurance.dlq", description = "DeadLetters with"
        + " the reason: readings and contributions that came after their window closed (LATE_EVENT, both jobs) and"
        + " contributions the scoring job refuses (wrong key, model or parameters)")
    String deadLetterTopic,
    @Option(name = "group-id", defaultValue = "cpchain-insurance",
        description = "Kafka consumer group prefix; each job adds its own suffix")
    String groupId,
    @Option(name = "transactional-id-prefix", defaultValue = "cpchain-insurance",
        description = "prefix of the sinks' Kafka transactional ids; unique per job on a cluster")
    String transactionalIdPrefix,
    @Option(name = "max-reading-bytes", defaultValue = "4096", description = "largest record on valid-topic taken"
        + " for a reading (contribution job); larger ones are skipped and counted (a reading is about 120 bytes)")
    int maxReadingBytes,
    @Option(name = "max-contribution-bytes", defaultValue = "1048576", description = "largest record on features-topic"
        + " taken for a contribution; larger ones are skipped and counted (a ciphertext is at most about 530 KiB)")
    int maxContributionBytes,
    @Option(name = "parallelism", defaultValue = "2",
        description = "parallel tasks per operator (each runs its own SEAL engine)")
    int parallelism,
    @Option(name = "checkpoint-interval", defaultValue = "5s",
        description = "how often state is checkpointed and output committed (output latency)")
    Duration checkpointInterval,
    @Option(name = "contribution-window", defaultValue = "5m",
        description = "event-time window a gateway measures and encrypts; divides the period")
    Duration contributionWindow,
    @Option(name = "period", defaultValue = "1d",
        description = "event-time scoring period: one score per consenting driver and period")
    Duration period,
    @Option(name = "out-of-orderness", defaultValue = "10s",
        description = "how late (event time) a reading may arrive and still count in its window")
    Duration outOfOrderness,
    @Option(name = "scoring-delay", defaultValue = "1m",
        description = "how long after a period's end the scoring waits for its contributions")
    Duration scoringDelay,
    @Option(name = "idleness", defaultValue = "2m",
        description = "a partition with no input this long stops holding back the watermark; it must outlast the"
        + " upstream job's longest gap between commits (its checkpoint interval plus its longest checkpoint), or a"
        + " partition that waited on a commit makes its records late")
    Duration idleness,
    @Option(name = "model", defaultValue = "flink-conf/models/example-ubi.properties",
        description = "the scoring model file (read when the job is built); both jobs must use the same one")
    String modelFile,
    @Option(name = "public-key", defaultValue = ".cpchain/insurance/insurer.pub",
        description = "the insurer's public key the gateways encrypt under (contribution job)")
    String publicKeyFile,
    @Option(name = "evaluation-keys", defaultValue = ".cpchain/insurance/insurer.eval",
        description = "the insurer's evaluation keys (scoring job); never its secret key")
    String evaluationKeyFile,
    @Option(name = "insurer", defaultValue = InsuranceJobConfig.NO_INSURER, description = "the insurer's chain"
        + " account address (0x...): whose consents the contribution job looks for; required")
    String insurer,
    @Option(name = "chain", defaultValue = "http://127.0.0.1:7401",
        description = "a chain node's API, where owners' consents (Grant/Revoke) are read from")
    String chain,
    @Option(name = "consent-margin", defaultValue = "2s", description = "how long after a period's start the"
        + " gateway's copy of the chain's consents must have been read (allows for clock differences between gateway"
        + " and chain nodes)")
    Duration consentMargin,
    @Option(name = "signing-key-file", defaultValue = ".cpchain/keys/pipeline-node.key", description = "the pipeline"
        + " node's secp256k1 key file (encrypted) the contribution job signs every contribution with, read on the task manager")
    String signingKeyFile,
    @Option(name = "signing-key-password-file", defaultValue = ".cpchain/keys/pipeline-node.password",
        description = "file whose first line is the signing key file's password")
    String signingKeyPasswordFile,
    @Option(name = "trusted-signers", defaultValue = TrustedSigners.NONE, description = "addresses (0x hex,"
        + " comma-separated) of the pipeline nodes whose signed contributions the scoring job takes; it refuses"
        + " to start with " + TrustedSigners.NONE)
    String trustedSigners)
    implements Serializable {

  /** No insurer: the contribution job refuses to start with it. */
  public static final String NO_INSURER = "0x0000000000000000000000000000000000000000";

  public static final JobOptions<InsuranceJobConfig> OPTIONS = JobOptions.of(InsuranceJobConfig.class);

  public InsuranceJobConfig {
    TrustedSigners.of(trustedSigners);
    if (period.toMillis() % contributionWindow.toMillis() != 0) {
      throw new IllegalArgumentException("the contribution window (" + contributionWindow
          + ") must divide the period (" + period + ")");
    }
  }

  /** The pipeline node addresses whose contributions the scoring adds: at least one, or the job must not start. */
  public Set<Address> trustedSignerSet() {
    return TrustedSigners.required(trustedSigners, "contributions are scored");
  }

  public static InsuranceJobConfig fromArgs(String... args) {
    return OPTIONS.parse(args);
  }

  /** The Kafka consumer group in which {@code InsuranceContributionJob} reads telemetry.valid and commits its offsets with each checkpoint. */
  public String contributionGroup() {
    return groupId + "-contrib";
  }

  /** The Kafka consumer group in which {@code InsuranceScoringJob} reads the contributions and commits its offsets with each checkpoint. */
  public String scoringGroup() {
    return groupId + "-score";
  }

  /**
   * The prefix of every transactional id {@code InsuranceContributionJob}'s sinks use: its own, not shared with
   * the scoring job, so each job's Kafka user may be allowed its own transactions only.
   */
  public String contributionTransactionalIdPrefix() {
    return transactionalIdPrefix + "-contrib";
  }

  /** The prefix of every transactional id {@code InsuranceScoringJob}'s sinks use. */
  public String scoringTransactionalIdPrefix() {
    return transactionalIdPrefix + "-score";
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
