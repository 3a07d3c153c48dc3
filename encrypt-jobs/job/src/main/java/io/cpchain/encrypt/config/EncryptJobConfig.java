package io.cpchain.encrypt.config;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.Durations;
import io.cpchain.conf.JobOptions;
import io.cpchain.conf.Option;
import io.cpchain.conf.OptionGroup;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.jobs.config.KafkaClientConfig;
import io.cpchain.jobs.source.ChainSourceConfig;
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
    @Option(name = "bootstrap-servers", defaultValue = "127.0.0.1:9092",
        description = "Kafka brokers, host:port[,host:port]")
    String bootstrapServers,
    @OptionGroup KafkaClientConfig kafka,
    @Option(name = "valid-topic", defaultValue = "telemetry.valid",
        description = "ValidReadings in, keyed by device id, timestamped by event time")
    String validTopic,
    @Option(name = "epoch-keys-topic", defaultValue = "owners.epoch-keys", description = "compacted topic of"
        + " EpochKeys: owner-signed certificates of the key each device's epoch is encapsulated to, each checked against"
        + " the owner's root key and devices on the chain")
    String epochKeysTopic,
    @OptionGroup ChainSourceConfig chain,
    @Option(name = "manifests-topic", defaultValue = "manifests",
        description = "signed IntervalManifests out, keyed by device id")
    String manifestsTopic,
    @Option(name = "dlq-topic", defaultValue = "intervals.dlq",
        description = "DeadLetters out: readings that came after their interval was written or whose"
            + " interval got no epoch key, undecodable records, refused epoch-key certificates")
    String dlqTopic,
    @Option(name = "group-id", defaultValue = "cpchain-encrypt",
        description = "Kafka consumer group (offsets committed on checkpoints)")
    String groupId,
    @Option(name = "transactional-id-prefix", defaultValue = "cpchain-encrypt",
        description = "prefix of the sinks' Kafka transactional ids; unique per job on a cluster")
    String transactionalIdPrefix,
    @Option(name = "parallelism", defaultValue = "2", description = "parallel tasks per operator")
    int parallelism,
    @Option(name = "checkpoint-interval", defaultValue = "5s",
        description = "how often state is checkpointed and manifests committed")
    Duration checkpointInterval,
    @Option(name = "interval", defaultValue = "60s",
        description = "the encryption interval e: each device's readings of one such event-time window share one key")
    Duration interval,
    // IntervalWriter.DEFAULT_KEY_EPOCH (a Duration cannot be an annotation value; a test keeps the two equal)
    @Option(name = "key-epoch", defaultValue = "1d", description = "each device's intervals of one such epoch"
        + " (counted from the Unix epoch) are encapsulated to one key derived from the owner's: a grant's kfrags are"
        + " made per epoch")
    Duration keyEpoch,
    @Option(name = "out-of-orderness", defaultValue = "10s",
        description = "how long after an interval's end its readings may still arrive")
    Duration outOfOrderness,
    @Option(name = "idleness", defaultValue = "2m",
        description = "a partition with no input this long stops holding back the watermark; it must outlast the"
        + " upstream job's longest gap between commits (its checkpoint interval plus its longest checkpoint), or a"
        + " partition that waited on a commit makes its records late")
    Duration idleness,
    @Option(name = "epoch-key-wait", defaultValue = "10m", description = "how long (processing time) a closed"
        + " interval waits for its owner's epoch key before its readings go to the dead letters as NO_EPOCH_KEY;"
        + " owners publish keys ahead of their epochs, so only a missing key makes one wait")
    Duration epochKeyWait,
    @Option(name = "epoch-key-retention", defaultValue = "3d", description = "an epoch key is dropped once its"
        + " epoch ended this long ago (processing time), and an interval of such an epoch is dead-lettered at once;"
        + " it must outlast any backlog the job catches up on")
    Duration epochKeyRetention,
    @Option(name = "epoch-keys-per-device", defaultValue = "16", description = "the most epoch keys held for one"
        + " device; beyond it keys of ended epochs go first, oldest first, then the latest future ones")
    int epochKeysPerDevice,
    @Option(name = "epoch-key-chain-wait", defaultValue = "2m", description = "how long (processing time) a"
        + " certificate waits for the chain to show its owner's root key and the owner's device; then it is a"
        + " BAD_CERTIFICATE dead letter (the chain source replays the chain from its start on a fresh job)")
    Duration epochKeyChainWait,
    @Option(name = "epoch-keys-awaiting-chain", defaultValue = "256", description = "the most certificates of one"
        + " owner that wait for the chain at once; more are BAD_CERTIFICATE dead letters at once")
    int epochKeysAwaitingChain,
    @Option(name = "chunk-size", defaultValue = "" + IntervalWriter.DEFAULT_CHUNK_SIZE,
        description = "plaintext bytes per encrypted chunk; a smaller interval is one chunk")
    int chunkSize,
    @Option(name = "replicas", defaultValue = "2", description = "copies of each chunk, on that many storage nodes")
    int replicas,
    @Option(name = "storage-nodes", defaultValue = "node-0=http://127.0.0.1:9101,node-1=http://127.0.0.1:9102,"
        + "node-2=http://127.0.0.1:9103,node-3=http://127.0.0.1:9104",
        description = "the S3-compatible storage nodes, id=http(s)://host:port[/bucket][?region=name],...; placement"
            + " hashes the ids, so keep them stable (storage README: MinIO, AWS)")
    String storageNodes,
    @Option(name = "storage-credentials-file", defaultValue = ".cpchain/keys/storage-credentials.properties",
        description = "owner-only file with the storage nodes' S3 access-key and secret-key, read on each task"
        + " manager: the secret never travels in the job's arguments or graph")
    String storageCredentialsFile,
    @Option(name = "signing-key-file", defaultValue = ".cpchain/keys/pipeline-node.key", description = "the pipeline"
        + " node's secp256k1 key file (encrypted), read on each task manager; it signs manifests")
    String signingKeyFile,
    @Option(name = "signing-key-password-file", defaultValue = ".cpchain/keys/pipeline-node.password",
        description = "file whose first line is the signing key file's password")
    String signingKeyPasswordFile)
    implements Serializable {

  public static final JobOptions<EncryptJobConfig> OPTIONS = JobOptions.of(EncryptJobConfig.class);

  public EncryptJobConfig {
    List<StorageNode> nodes;
    try {
      nodes = StorageNode.parseList(storageNodes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("storage-nodes: " + e.getMessage());
    }
    if (replicas > nodes.size()) {
      throw new ConfigException("replicas: " + replicas + " copies need as many storage nodes, "
          + "but storage-nodes has " + nodes.size());
    }
    if (interval.toMillis() < 1) {
      throw new ConfigException("interval: must be at least 1 ms");
    }
    if (keyEpoch.toMillis() < 1) {
      throw new ConfigException("key-epoch: must be at least 1 ms");
    }
    if (epochKeyWait.toMillis() < 1) {
      throw new ConfigException("epoch-key-wait: must be at least 1 ms");
    }
    if (epochKeyRetention.compareTo(interval.plus(outOfOrderness)) < 0) {
      throw new ConfigException("epoch-key-retention: must be at least interval + out-of-orderness ("
          + Durations.format(interval.plus(outOfOrderness)) + "), how long after its epoch ends the epoch's last"
          + " interval closes");
    }
  }

  public static EncryptJobConfig fromArgs(String... args) {
    return OPTIONS.parse(args);
  }

  public List<StorageNode> storageNodeList() {
    return StorageNode.parseList(storageNodes);
  }

  /** The consumer group in which the job reads the epoch keys: its own, beside {@code group-id}'s for the readings. */
  public String epochKeysGroup() {
    return groupId + "-epoch-keys";
  }

  /** The arguments that rebuild this config: how a launcher hands it to a submitted job. */
  public String[] toArgs() {
    return OPTIONS.toArgs(this);
  }

  /** As logs show it: the config holds file names of secrets, never a secret. */
  @Override
  public String toString() {
    return OPTIONS.toString(this);
  }
}
