package io.cpchain.anchor.config;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.JobOptions;
import io.cpchain.conf.Option;
import io.cpchain.conf.OptionGroup;
import io.cpchain.consensus.api.Payload;
import io.cpchain.crypto.sign.Address;
import io.cpchain.jobs.config.KafkaClientConfig;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Everything {@code AnchorJob} can be told. Defaults run against the local stack and the local chain;
 * every field can be overridden with {@code --name value} or a properties file ({@code --config-file
 * flink-conf/jobs/anchor.properties}). The submitter key is never an argument: the job reads it on
 * the task manager from an encrypted key file and a password file.
 */
public record AnchorJobConfig(
    @Option(name = "bootstrap-servers", defaultValue = "127.0.0.1:9092",
        description = "Kafka brokers, host:port[,host:port]")
    String bootstrapServers,
    @OptionGroup KafkaClientConfig kafka,
    @Option(name = "manifests-topic", defaultValue = "manifests",
        description = "signed IntervalManifests in (written by the encrypt job)")
    String manifestsTopic,
    @Option(name = "receipts-topic", defaultValue = "anchors.receipts",
        description = "AnchorReceipts out, one per manifest, keyed by device id")
    String receiptsTopic,
    @Option(name = "dead-letter-topic", defaultValue = "anchors.dlq",
        description = "DeadLetters out: manifests not anchored (no trusted pipeline node signed them, undecodable)")
    String deadLetterTopic,
    @Option(name = "trusted-signers", defaultValue = NO_SIGNERS,
        description = "addresses (0x hex, comma-separated) of the pipeline nodes whose signed manifests are anchored;"
            + " the job refuses to start with " + NO_SIGNERS)
    String trustedSigners,
    @Option(name = "group-id", defaultValue = "cpchain-anchor",
        description = "Kafka consumer group (offsets committed on checkpoints)")
    String groupId,
    @Option(name = "transactional-id-prefix", defaultValue = "cpchain-anchor",
        description = "prefix of the receipt sink's Kafka transactional ids; unique per job on a cluster")
    String transactionalIdPrefix,
    @Option(name = "checkpoint-interval", defaultValue = "1s",
        description = "how often state is checkpointed; a sealed batch goes to the chain after the next one")
    Duration checkpointInterval,
    @Option(name = "upload-interval", defaultValue = "10s",
        description = "the upload interval u: a batch is sealed this long after its first manifest came")
    Duration uploadInterval,
    @Option(name = "max-batch", defaultValue = "1000",
        description = "manifests per batch at most: a full batch is sealed at once")
    int maxBatch,
    @Option(name = "chain-nodes", defaultValue = "http://127.0.0.1:7401",
        description = "chain node HTTP APIs, url[,url]: the first that answers is used")
    String chainNodes,
    @Option(name = "dataset", defaultValue = "cpchain-manifests", description = "dataset id of the Anchor transactions")
    String dataset,
    @Option(name = "poll-interval", defaultValue = "100ms",
        description = "how often the job seals due batches and asks the chain about submitted ones")
    Duration pollInterval,
    @Option(name = "retry-min", defaultValue = "200ms",
        description = "first back-off after the chain could not be reached; doubles up to retry-max")
    Duration retryMin,
    @Option(name = "retry-max", defaultValue = "5s", description = "longest back-off while the chain is unreachable")
    Duration retryMax,
    @Option(name = "resubmit-after", defaultValue = "30s",
        description = "a submitted anchor not final after this long is submitted again (never twice on chain)")
    Duration resubmitAfter,
    @Option(name = "submitter-key-file", defaultValue = ".cpchain/keys/anchor-submitter.key", description = "secp256k1"
        + " key file (encrypted) of the account that signs Anchor transactions, read on the task manager")
    String submitterKeyFile,
    @Option(name = "submitter-key-password-file", defaultValue = ".cpchain/keys/anchor-submitter.password",
        description = "file whose first line is the submitter key file's password")
    String submitterKeyPasswordFile)
    implements Serializable {

  /** The default of {@code trusted-signers}: no node's key can be assumed, each deployment names its own. */
  public static final String NO_SIGNERS = "none";

  public static final JobOptions<AnchorJobConfig> OPTIONS = JobOptions.of(AnchorJobConfig.class);

  public AnchorJobConfig {
    try {
      chainNodeList(chainNodes);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("chain-nodes: " + e.getMessage());
    }
    try {
      trustedSignerSet(trustedSigners);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("trusted-signers: " + e.getMessage());
    }
    if (dataset.length() > Payload.MAX_DATASET) {
      throw new ConfigException("dataset: at most " + Payload.MAX_DATASET + " characters");
    }
    if (uploadInterval.toMillis() < 1 || pollInterval.toMillis() < 1) {
      throw new ConfigException("upload-interval and poll-interval: at least 1 ms");
    }
    if (retryMax.compareTo(retryMin) < 0) {
      throw new ConfigException("retry-max: must not be less than retry-min");
    }
  }

  public static AnchorJobConfig fromArgs(String... args) {
    return OPTIONS.parse(args);
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

  /** The pipeline node addresses whose manifests are anchored; checked when the config was made. */
  public Set<Address> trustedSignerSet() {
    return trustedSignerSet(trustedSigners);
  }

  private static Set<Address> trustedSignerSet(String signers) {
    return signers.equals(NO_SIGNERS) ? Set.of() : Address.setFromHex(signers);
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
