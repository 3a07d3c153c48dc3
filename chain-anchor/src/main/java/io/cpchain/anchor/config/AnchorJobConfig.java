package io.cpchain.anchor.config;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.ConfigKey;
import io.cpchain.conf.JobArgs;
import io.cpchain.conf.JobConfigSource;
import io.cpchain.consensus.api.Payload;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Everything {@code AnchorJob} can be told. Defaults run against the local stack and the local chain;
 * every field can be overridden with {@code --name value} or a properties file ({@code --config-file
 * flink-conf/jobs/anchor.properties}). The submitter key is never an argument: the job reads it on
 * the task manager from an encrypted key file and a password file.
 */
public record AnchorJobConfig(
    String bootstrapServers,
    String manifestsTopic,
    String receiptsTopic,
    String groupId,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    Duration uploadInterval,
    int maxBatch,
    String chainNodes,
    String dataset,
    Duration pollInterval,
    Duration retryMin,
    Duration retryMax,
    Duration resubmitAfter,
    String submitterKeyFile,
    String submitterKeyPasswordFile)
    implements Serializable {

  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port]");
  public static final ConfigKey<String> MANIFESTS_TOPIC =
      ConfigKey.string("manifests-topic", "manifests", "signed IntervalManifests in (written by the encrypt job)");
  public static final ConfigKey<String> RECEIPTS_TOPIC = ConfigKey.string("receipts-topic", "anchors.receipts",
      "AnchorReceipts out, one per manifest, keyed by device id");
  public static final ConfigKey<String> GROUP_ID =
      ConfigKey.string("group-id", "cpchain-anchor", "Kafka consumer group (offsets committed on checkpoints)");
  public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.string("transactional-id-prefix",
      "cpchain-anchor", "prefix of the receipt sink's Kafka transactional ids; unique per job on a cluster");
  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration("checkpoint-interval",
      Duration.ofSeconds(1), "how often state is checkpointed; a sealed batch goes to the chain after the next one");
  public static final ConfigKey<Duration> UPLOAD_INTERVAL = ConfigKey.duration("upload-interval",
      Duration.ofSeconds(10), "the upload interval u: a batch is sealed this long after its first manifest came");
  public static final ConfigKey<Integer> MAX_BATCH = ConfigKey.positiveInt("max-batch", 1000,
      "manifests per batch at most: a full batch is sealed at once");
  public static final ConfigKey<String> CHAIN_NODES = ConfigKey.string("chain-nodes", "http://127.0.0.1:7401",
      "chain node HTTP APIs, url[,url]: the first that answers is used");
  public static final ConfigKey<String> DATASET = ConfigKey.string("dataset", "cpchain-manifests",
      "dataset id of the Anchor transactions");
  public static final ConfigKey<Duration> POLL_INTERVAL = ConfigKey.duration("poll-interval",
      Duration.ofMillis(100), "how often the job seals due batches and asks the chain about submitted ones");
  public static final ConfigKey<Duration> RETRY_MIN = ConfigKey.duration("retry-min", Duration.ofMillis(200),
      "first back-off after the chain could not be reached; doubles up to retry-max");
  public static final ConfigKey<Duration> RETRY_MAX = ConfigKey.duration("retry-max", Duration.ofSeconds(5),
      "longest back-off while the chain is unreachable");
  public static final ConfigKey<Duration> RESUBMIT_AFTER = ConfigKey.duration("resubmit-after",
      Duration.ofSeconds(30), "a submitted anchor not final after this long is submitted again (never twice on chain)");
  public static final ConfigKey<String> SUBMITTER_KEY_FILE = ConfigKey.string("submitter-key-file",
      ".cpchain/keys/anchor-submitter.key", "secp256k1 key file (encrypted) of the account that signs Anchor"
          + " transactions, read on the task manager");
  public static final ConfigKey<String> SUBMITTER_KEY_PASSWORD_FILE = ConfigKey.string(
      "submitter-key-password-file", ".cpchain/keys/anchor-submitter.password",
      "file whose first line is the submitter key file's password");

  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, MANIFESTS_TOPIC, RECEIPTS_TOPIC, GROUP_ID,
      TRANSACTIONAL_ID_PREFIX, CHECKPOINT_INTERVAL, UPLOAD_INTERVAL, MAX_BATCH, CHAIN_NODES, DATASET, POLL_INTERVAL,
      RETRY_MIN, RETRY_MAX, RESUBMIT_AFTER, SUBMITTER_KEY_FILE, SUBMITTER_KEY_PASSWORD_FILE);

  public AnchorJobConfig {
    try {
      chainNodeList(chainNodes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(CHAIN_NODES.name() + ": " + e.getMessage());
    }
    if (dataset.length() > Payload.MAX_DATASET) {
      throw new ConfigException(DATASET.name() + ": at most " + Payload.MAX_DATASET + " characters");
    }
    if (uploadInterval.toMillis() < 1 || pollInterval.toMillis() < 1) {
      throw new ConfigException(UPLOAD_INTERVAL.name() + " and " + POLL_INTERVAL.name() + ": at least 1 ms");
    }
    if (retryMax.compareTo(retryMin) < 0) {
      throw new ConfigException(RETRY_MAX.name() + ": must not be less than " + RETRY_MIN.name());
    }
  }

  public static AnchorJobConfig fromArgs(String... args) {
    JobConfigSource source = JobConfigSource.parse(KEYS, args);
    return new AnchorJobConfig(source.get(BOOTSTRAP_SERVERS), source.get(MANIFESTS_TOPIC), source.get(RECEIPTS_TOPIC),
        source.get(GROUP_ID), source.get(TRANSACTIONAL_ID_PREFIX), source.get(CHECKPOINT_INTERVAL),
        source.get(UPLOAD_INTERVAL), source.get(MAX_BATCH), source.get(CHAIN_NODES), source.get(DATASET),
        source.get(POLL_INTERVAL), source.get(RETRY_MIN), source.get(RETRY_MAX), source.get(RESUBMIT_AFTER),
        source.get(SUBMITTER_KEY_FILE), source.get(SUBMITTER_KEY_PASSWORD_FILE));
  }

  public List<URI> chainNodeList() {
    return chainNodeList(chainNodes);
  }

  private static List<URI> chainNodeList(String nodes) {
    return Arrays.stream(nodes.split(",")).map(String::strip).map(url -> {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
        throw new IllegalArgumentException("'" + url + "' is not http://host:port");
      }
      return uri;
    }).toList();
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return new JobArgs()
        .with(BOOTSTRAP_SERVERS, bootstrapServers)
        .with(MANIFESTS_TOPIC, manifestsTopic)
        .with(RECEIPTS_TOPIC, receiptsTopic)
        .with(GROUP_ID, groupId)
        .with(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix)
        .with(CHECKPOINT_INTERVAL, checkpointInterval)
        .with(UPLOAD_INTERVAL, uploadInterval)
        .with(MAX_BATCH, maxBatch)
        .with(CHAIN_NODES, chainNodes)
        .with(DATASET, dataset)
        .with(POLL_INTERVAL, pollInterval)
        .with(RETRY_MIN, retryMin)
        .with(RETRY_MAX, retryMax)
        .with(RESUBMIT_AFTER, resubmitAfter)
        .with(SUBMITTER_KEY_FILE, submitterKeyFile)
        .with(SUBMITTER_KEY_PASSWORD_FILE, submitterKeyPasswordFile)
        .toArray();
  }
}
