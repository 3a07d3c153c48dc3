package io.cpchain.he.config;

import io.cpchain.conf.ConfigKey;
import io.cpchain.conf.JobArgs;
import io.cpchain.conf.JobConfigSource;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the two insurance jobs can be told ({@code InsuranceContributionJob} on the owner
 * side, {@code InsuranceScoringJob} in the middle). Defaults run against the local stack; every
 * field can be overridden with {@code --name value} or {@code --config-file flink-conf/jobs/insurance.properties}.
 */
public record InsuranceJobConfig(
    String bootstrapServers,
    String validTopic,
    String featuresTopic,
    String scoresTopic,
    String deadLetterTopic,
    String groupId,
    String transactionalIdPrefix,
    int parallelism,
    Duration checkpointInterval,
    Duration contributionWindow,
    Duration period,
    Duration outOfOrderness,
    Duration scoringDelay,
    Duration idleness,
    String modelFile,
    String publicKeyFile,
    String evaluationKeyFile,
    String insurer,
    String chain,
    Duration consentMargin)
    implements Serializable {

  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port]");
  public static final ConfigKey<String> VALID_TOPIC =
      ConfigKey.string("valid-topic", "telemetry.valid", "ValidReadings in (contribution job)");
  public static final ConfigKey<String> FEATURES_TOPIC = ConfigKey.string("features-topic",
      "insurance.features.encrypted", "encrypted InsuranceContributions (out of the contribution job, into scoring)");
  public static final ConfigKey<String> SCORES_TOPIC = ConfigKey.string("scores-topic",
      "insurance.scores.encrypted", "ScoredPeriods out of the scoring job");
  public static final ConfigKey<String> DEAD_LETTER_TOPIC = ConfigKey.string("dead-letter-topic", "insurance.dlq",
      "contributions the scoring job refuses (wrong key, model or parameters), as DeadLetters with the reason");
  public static final ConfigKey<String> GROUP_ID = ConfigKey.string("group-id", "cpchain-insurance",
      "Kafka consumer group prefix; each job adds its own suffix");
  public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.string("transactional-id-prefix",
      "cpchain-insurance", "prefix of the sinks' Kafka transactional ids; unique per job on a cluster");
  public static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.positiveInt("parallelism", 2, "parallel tasks per operator (each runs its own SEAL engine)");
  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration("checkpoint-interval",
      Duration.ofSeconds(5), "how often state is checkpointed and output committed (output latency)");
  public static final ConfigKey<Duration> CONTRIBUTION_WINDOW = ConfigKey.duration("contribution-window",
      Duration.ofMinutes(5), "event-time window a gateway measures and encrypts; divides the period");
  public static final ConfigKey<Duration> PERIOD = ConfigKey.duration("period", Duration.ofDays(1),
      "event-time scoring period: one score per consenting driver and period");
  public static final ConfigKey<Duration> OUT_OF_ORDERNESS = ConfigKey.duration("out-of-orderness",
      Duration.ofSeconds(10), "how late (event time) a reading may arrive and still count in its window");
  public static final ConfigKey<Duration> SCORING_DELAY = ConfigKey.duration("scoring-delay",
      Duration.ofMinutes(1), "how long after a period's end the scoring waits for its contributions");
  public static final ConfigKey<Duration> IDLENESS = ConfigKey.duration("idleness",
      Duration.ofSeconds(5), "a partition with no input this long stops holding back the watermark");
  public static final ConfigKey<String> MODEL = ConfigKey.string("model", "flink-conf/models/example-ubi.properties",
      "the scoring model file (read when the job is built); both jobs must use the same one");
  public static final ConfigKey<String> PUBLIC_KEY_FILE = ConfigKey.string("public-key",
      ".cpchain/insurance/insurer.pub", "the insurer's public key the gateways encrypt under (contribution job)");
  public static final ConfigKey<String> EVALUATION_KEY_FILE = ConfigKey.string("evaluation-keys",
      ".cpchain/insurance/insurer.eval", "the insurer's evaluation keys (scoring job); never its secret key");
  /** No insurer: the contribution job refuses to start with it. */
  public static final String NO_INSURER = "0x0000000000000000000000000000000000000000";
  public static final ConfigKey<String> INSURER = ConfigKey.string("insurer", NO_INSURER,
      "the insurer's chain account address (0x...): whose consents the contribution job looks for; required");
  public static final ConfigKey<String> CHAIN = ConfigKey.string("chain", "http://127.0.0.1:7401",
      "a chain node's API, where owners' consents (Grant/Revoke) are read from");
  public static final ConfigKey<Duration> CONSENT_MARGIN = ConfigKey.duration("consent-margin",
      Duration.ofSeconds(2), "how long after a period's start the gateway's copy of the chain's consents must have"
          + " been read (allows for clock differences between gateway and chain nodes)");

  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, VALID_TOPIC, FEATURES_TOPIC, SCORES_TOPIC,
      DEAD_LETTER_TOPIC, GROUP_ID, TRANSACTIONAL_ID_PREFIX, PARALLELISM, CHECKPOINT_INTERVAL, CONTRIBUTION_WINDOW,
      PERIOD, OUT_OF_ORDERNESS, SCORING_DELAY, IDLENESS, MODEL, PUBLIC_KEY_FILE, EVALUATION_KEY_FILE, INSURER, CHAIN,
      CONSENT_MARGIN);

  public InsuranceJobConfig {
    if (period.toMillis() % contributionWindow.toMillis() != 0) {
      throw new IllegalArgumentException("the contribution window (" + contributionWindow
          + ") must divide the period (" + period + ")");
    }
  }

  public static InsuranceJobConfig fromArgs(String... args) {
    JobConfigSource source = JobConfigSource.parse(KEYS, args);
    return new InsuranceJobConfig(source.get(BOOTSTRAP_SERVERS), source.get(VALID_TOPIC), source.get(FEATURES_TOPIC),
        source.get(SCORES_TOPIC), source.get(DEAD_LETTER_TOPIC), source.get(GROUP_ID),
        source.get(TRANSACTIONAL_ID_PREFIX), source.get(PARALLELISM), source.get(CHECKPOINT_INTERVAL),
        source.get(CONTRIBUTION_WINDOW), source.get(PERIOD), source.get(OUT_OF_ORDERNESS), source.get(SCORING_DELAY),
        source.get(IDLENESS), source.get(MODEL), source.get(PUBLIC_KEY_FILE), source.get(EVALUATION_KEY_FILE),
        source.get(INSURER), source.get(CHAIN), source.get(CONSENT_MARGIN));
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return new JobArgs()
        .with(BOOTSTRAP_SERVERS, bootstrapServers)
        .with(VALID_TOPIC, validTopic)
        .with(FEATURES_TOPIC, featuresTopic)
        .with(SCORES_TOPIC, scoresTopic)
        .with(DEAD_LETTER_TOPIC, deadLetterTopic)
        .with(GROUP_ID, groupId)
        .with(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix)
        .with(PARALLELISM, parallelism)
        .with(CHECKPOINT_INTERVAL, checkpointInterval)
        .with(CONTRIBUTION_WINDOW, contributionWindow)
        .with(PERIOD, period)
        .with(OUT_OF_ORDERNESS, outOfOrderness)
        .with(SCORING_DELAY, scoringDelay)
        .with(IDLENESS, idleness)
        .with(MODEL, modelFile)
        .with(PUBLIC_KEY_FILE, publicKeyFile)
        .with(EVALUATION_KEY_FILE, evaluationKeyFile)
        .with(INSURER, insurer)
        .with(CHAIN, chain)
        .with(CONSENT_MARGIN, consentMargin)
        .toArray();
  }
}
