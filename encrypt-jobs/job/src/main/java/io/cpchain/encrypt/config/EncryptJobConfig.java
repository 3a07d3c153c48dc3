package io.cpchain.encrypt.config;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.ConfigKey;
import io.cpchain.conf.JobArgs;
import io.cpchain.conf.JobConfigSource;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.storage.StorageNode;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code IntervalEncryptJob} can be told. Defaults run against the local stack; every
 * field can be overridden with {@code --name value} or a properties file ({@code --config-file
 * flink-conf/jobs/encrypt.properties}). The node's signing key is never an argument: the job reads it
 * on the task managers from an encrypted key file and a password file.
 */
public record EncryptJobConfig(
    String bootstrapServers,
    String validTopic,
    String epochKeysTopic,
    String manifestsTopic,
    String dlqTopic,
    String groupId,
    String transactionalIdPrefix,
    int parallelism,
    Duration checkpointInterval,
    Duration interval,
    Duration keyEpoch,
    Duration outOfOrderness,
    Duration idleness,
    int chunkSize,
    int replicas,
    String storageNodes,
    String storageAccessKey,
    String storageSecretKey,
    String signingKeyFile,
    String signingKeyPasswordFile)
    implements Serializable {

  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      ConfigKey.string("bootstrap-servers", "127.0.0.1:9092", "Kafka brokers, host:port[,host:port]");
  public static final ConfigKey<String> VALID_TOPIC =
      ConfigKey.string("valid-topic", "telemetry.valid", "ValidReadings in, keyed by device id, timestamped by event time");
  public static final ConfigKey<String> EPOCH_KEYS_TOPIC = ConfigKey.string("epoch-keys-topic", "owners.epoch-keys",
      "compacted topic of EpochKeys: owner-signed certificates of the key each device's epoch is encapsulated to");
  public static final ConfigKey<String> MANIFESTS_TOPIC =
      ConfigKey.string("manifests-topic", "manifests", "signed IntervalManifests out, keyed by device id");
  public static final ConfigKey<String> DLQ_TOPIC = ConfigKey.string("dlq-topic", "intervals.dlq",
      "DeadLetters out: readings that came after their interval was written, undecodable records");
  public static final ConfigKey<String> GROUP_ID =
      ConfigKey.string("group-id", "cpchain-encrypt", "Kafka consumer group (offsets committed on checkpoints)");
  public static final ConfigKey<String> TRANSACTIONAL_ID_PREFIX = ConfigKey.string("transactional-id-prefix",
      "cpchain-encrypt", "prefix of the sinks' Kafka transactional ids; unique per job on a cluster");
  public static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.positiveInt("parallelism", 2, "parallel tasks per operator");
  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.duration("checkpoint-interval",
      Duration.ofSeconds(5), "how often state is checkpointed and manifests committed");
  public static final ConfigKey<Duration> INTERVAL = ConfigKey.duration("interval", Duration.ofSeconds(60),
      "the encryption interval e: each device's readings of one such event-time window share one key");
  public static final ConfigKey<Duration> KEY_EPOCH = ConfigKey.duration("key-epoch",
      IntervalWriter.DEFAULT_KEY_EPOCH, "each device's intervals of one such epoch (counted from the Unix epoch)"
          + " are encapsulated to one key derived from the owner's: a grant's kfrags are made per epoch");
  public static final ConfigKey<Duration> OUT_OF_ORDERNESS = ConfigKey.duration("out-of-orderness",
      Duration.ofSeconds(10), "how long after an interval's end its readings may still arrive");
  public static final ConfigKey<Duration> IDLENESS = ConfigKey.duration("idleness",
      Duration.ofSeconds(5), "a partition with no readings this long stops holding back the watermark");
  public static final ConfigKey<Integer> CHUNK_SIZE = ConfigKey.positiveInt("chunk-size",
      IntervalWriter.DEFAULT_CHUNK_SIZE, "plaintext bytes per encrypted chunk; a smaller interval is one chunk");
  public static final ConfigKey<Integer> REPLICAS =
      ConfigKey.positiveInt("replicas", 2, "copies of each chunk, on that many storage nodes");
  public static final ConfigKey<String> STORAGE_NODES = ConfigKey.string("storage-nodes",
      "node-0=http://127.0.0.1:9101,node-1=http://127.0.0.1:9102,node-2=http://127.0.0.1:9103,"
          + "node-3=http://127.0.0.1:9104",
      "the S3-compatible storage nodes, id=url,...; placement hashes the ids, so keep them stable");
  public static final ConfigKey<String> STORAGE_ACCESS_KEY =
      ConfigKey.string("storage-access-key", "cpchain", "S3 access key of the storage nodes");
  public static final ConfigKey<String> STORAGE_SECRET_KEY =
      ConfigKey.string("storage-secret-key", "cpchain-local-storage", "S3 secret key of the storage nodes");
  public static final ConfigKey<String> SIGNING_KEY_FILE = ConfigKey.string("signing-key-file",
      ".cpchain/keys/pipeline-node.key", "the pipeline node's secp256k1 key file (encrypted), read on each"
          + " task manager; it signs manifests");
  public static final ConfigKey<String> SIGNING_KEY_PASSWORD_FILE = ConfigKey.string("signing-key-password-file",
      ".cpchain/keys/pipeline-node.password", "file whose first line is the signing key file's password");

  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, VALID_TOPIC, EPOCH_KEYS_TOPIC,
      MANIFESTS_TOPIC, DLQ_TOPIC, GROUP_ID, TRANSACTIONAL_ID_PREFIX, PARALLELISM, CHECKPOINT_INTERVAL, INTERVAL,
      KEY_EPOCH, OUT_OF_ORDERNESS, IDLENESS, CHUNK_SIZE, REPLICAS, STORAGE_NODES, STORAGE_ACCESS_KEY,
      STORAGE_SECRET_KEY, SIGNING_KEY_FILE, SIGNING_KEY_PASSWORD_FILE);

  public EncryptJobConfig {
    List<StorageNode> nodes;
    try {
      nodes = StorageNode.parseList(storageNodes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(STORAGE_NODES.name() + ": " + e.getMessage());
    }
    if (replicas > nodes.size()) {
      throw new ConfigException(REPLICAS.name() + ": " + replicas + " copies need as many storage nodes, "
          + "but " + STORAGE_NODES.name() + " has " + nodes.size());
    }
    if (interval.toMillis() < 1) {
      throw new ConfigException(INTERVAL.name() + ": must be at least 1 ms");
    }
    if (keyEpoch.toMillis() < 1) {
      throw new ConfigException(KEY_EPOCH.name() + ": must be at least 1 ms");
    }
  }

  public static EncryptJobConfig fromArgs(String... args) {
    JobConfigSource source = JobConfigSource.parse(KEYS, args);
    return new EncryptJobConfig(
        source.get(BOOTSTRAP_SERVERS), source.get(VALID_TOPIC), source.get(EPOCH_KEYS_TOPIC),
        source.get(MANIFESTS_TOPIC), source.get(DLQ_TOPIC), source.get(GROUP_ID), source.get(TRANSACTIONAL_ID_PREFIX),
        source.get(PARALLELISM), source.get(CHECKPOINT_INTERVAL), source.get(INTERVAL), source.get(KEY_EPOCH),
        source.get(OUT_OF_ORDERNESS), source.get(IDLENESS), source.get(CHUNK_SIZE), source.get(REPLICAS),
        source.get(STORAGE_NODES), source.get(STORAGE_ACCESS_KEY), source.get(STORAGE_SECRET_KEY),
        source.get(SIGNING_KEY_FILE), source.get(SIGNING_KEY_PASSWORD_FILE));
  }

  public List<StorageNode> storageNodeList() {
    return StorageNode.parseList(storageNodes);
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return new JobArgs()
        .with(BOOTSTRAP_SERVERS, bootstrapServers)
        .with(VALID_TOPIC, validTopic)
        .with(EPOCH_KEYS_TOPIC, epochKeysTopic)
        .with(MANIFESTS_TOPIC, manifestsTopic)
        .with(DLQ_TOPIC, dlqTopic)
        .with(GROUP_ID, groupId)
        .with(TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix)
        .with(PARALLELISM, parallelism)
        .with(CHECKPOINT_INTERVAL, checkpointInterval)
        .with(INTERVAL, interval)
        .with(KEY_EPOCH, keyEpoch)
        .with(OUT_OF_ORDERNESS, outOfOrderness)
        .with(IDLENESS, idleness)
        .with(CHUNK_SIZE, chunkSize)
        .with(REPLICAS, replicas)
        .with(STORAGE_NODES, storageNodes)
        .with(STORAGE_ACCESS_KEY, storageAccessKey)
        .with(STORAGE_SECRET_KEY, storageSecretKey)
        .with(SIGNING_KEY_FILE, signingKeyFile)
        .with(SIGNING_KEY_PASSWORD_FILE, signingKeyPasswordFile)
        .toArray();
  }

  /** Without the storage secret: configs end up in logs. */
  @Override
  public String toString() {
    return "EncryptJobConfig[bootstrapServers=" + bootstrapServers + ", validTopic=" + validTopic + ", manifestsTopic="
        + manifestsTopic + ", interval=" + interval + ", keyEpoch=" + keyEpoch + ", chunkSize=" + chunkSize
        + ", replicas=" + replicas
        + ", storageNodes=" + storageNodes + ", signingKeyFile=" + signingKeyFile + "]";
  }
}
