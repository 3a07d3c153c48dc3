package io.cpchain.cli.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.cpchain.cli.jobs.FlinkRest;
import io.cpchain.cli.jobs.RetainedCheckpoints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.cpchain.storage.StorageCredentials;
import io.cpchain.storage.StorageNode;
import io.cpchain.storage.local.S3ProxyNodeConfig;
import java.util.Properties;

/**
 * Where the local stack lives and which loopback ports it uses. Written to
 * {@code <work dir>/stack.properties} by {@code up}, so every later command finds the same stack.
 */
public record StackConfig(Path workDir, int kafkaPort, int kafkaBrokers, int storageBasePort,
    int storageNodes, int flinkPort, int chainPort, int flinkTaskManagers) {

  /** Validators of the local chain: n = 3f + 1 with f = 1. */
  public static final int CHAIN_NODES = 4;
  /** Node i's client API listens this far above its peer port. */
  public static final int CHAIN_API_OFFSET = 100;

  public static final Path DEFAULT_WORK_DIR = Path.of(".cpchain");

  /**
   * Brokers a stack may run. Each takes two ports from {@code kafkaPort} up; with the default ports more than
   * 4 would reach the storage nodes', which {@code up} refuses as overlapping ports.
   */
  public static final int MAX_KAFKA_BROKERS = 9;
  /** A topic's replicas, and the internal topics': one per broker, up to this many. */
  public static final int MAX_REPLICATION_FACTOR = 3;

  /** TaskManagers a standalone Flink cluster may run: each takes a JVM of {@code taskmanager.memory.process.size}. */
  public static final int MAX_FLINK_TASKMANAGERS = 8;

  /**
   * {@code flinkTaskManagers}: 0 for the embedded MiniCluster, else the TaskManagers of a standalone session
   * cluster ({@code --standalone-flink --taskmanagers N}).
   */
  public StackConfig {
    if (kafkaBrokers < 1 || kafkaBrokers > MAX_KAFKA_BROKERS) {
      throw new IllegalArgumentException("--brokers must be between 1 and " + MAX_KAFKA_BROKERS + ", not " + kafkaBrokers);
    }
    if (flinkTaskManagers < 0 || flinkTaskManagers > MAX_FLINK_TASKMANAGERS) {
      throw new IllegalArgumentException("--taskmanagers must be between 1 and " + MAX_FLINK_TASKMANAGERS + ", not "
          + flinkTaskManagers);
    }
  }

  /** A stack whose Flink runtime is the embedded MiniCluster. */
  public StackConfig(Path workDir, int kafkaPort, int kafkaBrokers, int storageBasePort, int storageNodes,
      int flinkPort, int chainPort) {
    this(workDir, kafkaPort, kafkaBrokers, storageBasePort, storageNodes, flinkPort, chainPort, 0);
  }

  /** Whether Flink runs as a standalone session cluster (a JobManager and TaskManagers) rather than a MiniCluster. */
  public boolean standaloneFlink() {
    return flinkTaskManagers > 0;
  }

  /** The standalone JobManager's RPC port, next to the REST port. */
  public int flinkRpcPort() {
    return flinkPort + 1;
  }

  public static StackConfig defaults(Path workDir) {
    return new StackConfig(workDir.toAbsolutePath().normalize(), 9092, 1, 9101, 4, 8081, 7301);
  }

  /** Broker {@code i}'s (1-based) client listener: two ports per broker, from {@code kafkaPort} up. */
  public int kafkaBrokerPort(int broker) {
    return kafkaPort + 2 * (broker - 1);
  }

  /** Broker {@code i}'s KRaft controller listener, next to its client listener. */
  public int kafkaControllerPort(int broker) {
    return kafkaBrokerPort(broker) + 1;
  }

  /** Replicas of every topic, the stack's and Kafka's internal ones. */
  public int kafkaReplicationFactor() {
    return Math.min(MAX_REPLICATION_FACTOR, kafkaBrokers);
  }

  /**
   * Replicas a write must reach: 2 of 3 once there are three brokers (so one may die and acks=all writes
   * go on), else 1, as fewer brokers cannot lose one anyway.
   */
  public int kafkaMinInSyncReplicas() {
    return kafkaBrokers >= MAX_REPLICATION_FACTOR ? 2 : 1;
  }

  /** Every broker, as clients bootstrap from it: one live broker is enough. */
  public String bootstrapServers() {
    List<String> brokers = new ArrayList<>();
    for (int broker = 1; broker <= kafkaBrokers; broker++) {
      brokers.add("127.0.0.1:" + kafkaBrokerPort(broker));
    }
    return String.join(",", brokers);
  }

  /** The Kafka users' passwords, drawn for this stack by its first {@code up} (owner-only files). */
  public KafkaCredentials kafkaCredentials() {
    return new KafkaCredentials(workDir.resolve("keys/kafka"));
  }

  /** The file of {@code user}'s Kafka client security settings: what a job gets as its client properties file. */
  public Path kafkaClientPropertiesFile(KafkaUser user) {
    return kafkaCredentials().file(user);
  }

  /** The job option that makes every Kafka client of a job sign in as {@code user}. */
  public List<String> kafkaClientArgs(KafkaUser user) {
    return List.of("--kafka-client-properties-file", kafkaClientPropertiesFile(user).toAbsolutePath().toString());
  }

  /**
   * The settings of a Kafka client (admin, producer or consumer) of the CLI signing in as {@code user}: the
   * brokers and that user's security settings. Every Kafka client of the CLI starts from these.
   */
  public Properties kafkaClient(KafkaUser user) {
    Properties client = kafkaCredentials().settings(user);
    client.setProperty("bootstrap.servers", bootstrapServers());
    return client;
  }

  /** The local cluster's REST endpoint, which takes only clients presenting this install's identity. */
  public FlinkRest flinkRest() {
    return new FlinkRest("127.0.0.1", flinkPort, Optional.of(flinkRestIdentity()));
  }

  public FlinkRestIdentity flinkRestIdentity() {
    return new FlinkRestIdentity(workDir.resolve("keys/flink"));
  }

  /** Where the local Flink cluster writes its checkpoints (retained on cancellation and on a crash). */
  public Path flinkCheckpoints() {
    return workDir.resolve("flink/checkpoints");
  }

  /** The local cluster's retained checkpoints, by job name: a job submitted again resumes from its newest. */
  public RetainedCheckpoints retainedCheckpoints() {
    return new RetainedCheckpoints(flinkCheckpoints(), workDir.resolve("flink/submitted"));
  }

  public int storagePort(int node) {
    return storageBasePort + node;
  }

  /** The storage nodes' S3 credentials, generated for this stack by its first {@code up} (owner-only). */
  public Path storageCredentialsFile() {
    return workDir.resolve("keys/storage-credentials.properties");
  }

  /** The credentials the stack's storage nodes take, as every client of them reads them. */
  public StorageCredentials storageCredentials() {
    try {
      return StorageCredentials.read(storageCredentialsFile());
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("no storage credentials in " + storageCredentialsFile()
          + " (bin/cpchain up creates them)");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + storageCredentialsFile(), e);
    }
  }

  /** The storage nodes as jobs and tools list them: {@code node-i} at its loopback port. */
  public List<StorageNode> storageNodeList() {
    List<StorageNode> nodes = new ArrayList<>();
    for (int i = 0; i < storageNodes; i++) {
      nodes.add(new StorageNode("node-" + i, URI.create(S3ProxyNodeConfig.endpoint(storagePort(i)))));
    }
    return nodes;
  }

  /** Node {@code i}'s (1-based) peer port; its client API is {@link #CHAIN_API_OFFSET} above. */
  public int chainPeerPort(int node) {
    return chainPort + node - 1;
  }

  public int chainApiPort(int node) {
    return chainPeerPort(node) + CHAIN_API_OFFSET;
  }

  /** Node {@code i}'s (1-based) client API. */
  public URI chainApi(int node) {
    return URI.create("http://127.0.0.1:" + chainApiPort(node));
  }

  /** Every chain node's client API, node 1 first. */
  public List<String> chainApis() {
    List<String> apis = new ArrayList<>();
    for (int node = 1; node <= CHAIN_NODES; node++) {
      apis.add(chainApi(node).toString());
    }
    return apis;
  }

  /** The local chain's genesis file: the validators whose certificates a follower of the chain checks. */
  public Path chainGenesis() {
    return workDir.resolve("chain/genesis.yaml");
  }

  /** The settings that point a job's chain source (job-common's ChainSourceConfig) at this stack's chain. */
  public List<String> chainSourceArgs() {
    return List.of("--chain-nodes", String.join(",", chainApis()),
        "--chain-genesis", chainGenesis().toAbsolutePath().toString());
  }

  public Path logDir() {
    return workDir.resolve("logs");
  }

  public Path runDir() {
    return workDir.resolve("run");
  }

  private static Path file(Path workDir) {
    return workDir.resolve("stack.properties");
  }

  /** The stack's recorded config, or {@code null} if no stack was ever started there. */
  public static StackConfig load(Path workDir) {
    Path file = file(workDir.toAbsolutePath().normalize());
    if (!Files.exists(file)) {
      return null;
    }
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return new StackConfig(workDir.toAbsolutePath().normalize(),
        Integer.parseInt(p.getProperty("kafka.port")),
        Integer.parseInt(p.getProperty("kafka.brokers", "1")), // stacks recorded before --brokers had one
        Integer.parseInt(p.getProperty("storage.base-port")), Integer.parseInt(p.getProperty("storage.nodes")),
        Integer.parseInt(p.getProperty("flink.port")),
        Integer.parseInt(p.getProperty("chain.port", "7301")), // stacks recorded before the chain joined
        Integer.parseInt(p.getProperty("flink.taskmanagers", "0"))); // stacks recorded before --standalone-flink
  }

  public void save() {
    Properties p = new Properties();
    p.setProperty("kafka.port", Integer.toString(kafkaPort));
    p.setProperty("kafka.brokers", Integer.toString(kafkaBrokers));
    p.setProperty("storage.base-port", Integer.toString(storageBasePort));
    p.setProperty("storage.nodes", Integer.toString(storageNodes));
    p.setProperty("flink.port", Integer.toString(flinkPort));
    p.setProperty("chain.port", Integer.toString(chainPort));
    p.setProperty("flink.taskmanagers", Integer.toString(flinkTaskManagers));
    try {
      Files.createDirectories(workDir);
      try (Writer writer = Files.newBufferedWriter(file(workDir))) {
        p.store(writer, "cpchain local stack: written by 'bin/cpchain up'");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file(workDir), e);
    }
  }
}
