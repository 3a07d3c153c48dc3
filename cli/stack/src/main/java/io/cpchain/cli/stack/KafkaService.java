package io.cpchain.cli.stack;

import io.cpchain.crypto.keys.SecretFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * The stack's Kafka cluster in KRaft mode (no ZooKeeper): {@code kafkaBrokers} nodes, each a combined broker
 * and controller, its own process run from the Kafka jars exactly as Kafka's own start scripts run it, with its
 * own log directory and ports; together they form the controller quorum (static voters), formatted with one
 * cluster id. One broker keeps the layout stacks always had ({@code kafka/data}, process {@code kafka}).
 *
 * <p>Every listener takes SASL clients only and every request is authorised by ACL (Kafka's StandardAuthorizer,
 * nothing allowed where no ACL says so): the brokers and the CLI sign in as the admin, the super user, with SASL
 * PLAIN; every other {@link KafkaUser} with SCRAM-SHA-512, which the admin creates at each start, and may do only
 * what its {@link KafkaAccess} grants.
 */
public final class KafkaService {

  /** Kafka's default, the least it takes for SCRAM-SHA-512. */
  private static final int SCRAM_ITERATIONS = 4096;

  private final StackConfig stack;
  private final List<Broker> brokers = new ArrayList<>();

  /** One node of the cluster: its id (1-based), process and files. */
  private record Broker(int id, ServiceProcess process, Path dataDir, Path configFile) {}

  public KafkaService(StackConfig stack) {
    this.stack = stack;
    for (int id = 1; id <= stack.kafkaBrokers(); id++) {
      boolean single = stack.kafkaBrokers() == 1;
      Path dir = stack.workDir().resolve(single ? "kafka" : "kafka/broker-" + id);
      brokers.add(new Broker(id, new ServiceProcess(stack, single ? "kafka" : "kafka-" + id), dir.resolve("data"),
          dir.resolve("server.properties")));
    }
  }

  /** The brokers' processes, broker 1 first. */
  public List<ServiceProcess> processes() {
    return brokers.stream().map(Broker::process).toList();
  }

  /** Broker {@code id}'s (1-based) process. */
  public ServiceProcess process(int id) {
    return brokers.get(id - 1).process();
  }

  /** Whether any broker's log directory is formatted: the controller quorum, so the broker count, is then fixed. */
  public boolean formatted() {
    return brokers.stream().anyMatch(broker -> Files.exists(broker.dataDir().resolve("meta.properties")));
  }

  /**
   * Starts every broker that is not running; an unformatted log directory is formatted first. A cluster
   * formatted before the stack's Kafka took only authenticated clients is refused: its topics are open to anyone.
   */
  public void start() {
    refuseUnauthenticatedCluster();
    stack.kafkaCredentials().ensureAll();
    String clusterId = null;
    for (Broker broker : brokers) {
      if (broker.process().running().isPresent()) {
        continue;
      }
      writeConfig(broker);
      if (!Files.exists(broker.dataDir().resolve("meta.properties"))) {
        if (clusterId == null) {
          clusterId = existingClusterId().orElseGet(() -> Uuid.randomUuid().toString());
        }
        format(broker, clusterId);
      }
      broker.process().startJava(List.of("-Xmx1g", "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
          "kafka.Kafka", List.of(broker.configFile().toString()));
    }
  }

  /**
   * Waits until every broker has registered with the quorum, creates any missing topic, every user's SCRAM
   * credential (again at every start: a password file drawn since is taken) and the gateway's and owners' ACLs.
   * A job's ACLs are granted when it is submitted, from the config it is submitted with.
   */
  public void awaitReadyAndCreateTopics(Duration timeout) {
    refuseUnauthenticatedCluster(); // one still running from before, too
    Properties client = stack.kafkaClient(KafkaUser.ADMIN);
    client.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    try (Admin admin = Admin.create(client)) {
      Readiness.await("Kafka", processes(), timeout, () -> {
        // A topic of RF 3 can only be placed once all three brokers are there.
        if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() < stack.kafkaBrokers()) {
          return false;
        }
        Topics.ensure(admin, Topics.ALL, stack, 20_000);
        return everyReplicaHosted(admin);
      });
      createScramUsers(admin);
      KafkaAcls.grant(admin, List.of(KafkaAccess.gateway(), KafkaAccess.owners()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up Kafka's users");
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot set up Kafka's users and ACLs: "
          + e.getMessage(), e);
    }
  }

  private void refuseUnauthenticatedCluster() {
    if (formatted() && !stack.kafkaCredentials().adminExists()) {
      throw new IllegalStateException("the Kafka cluster in " + stack.workDir() + " was formatted without"
          + " authentication (before the stack's Kafka took SASL users and ACLs); stop the stack (bin/cpchain down)"
          + " and remove " + stack.workDir() + " (or use another --work-dir) to start a new one");
    }
  }

  /** Every user but the admin (whom the brokers' own settings name), with its password, and waits until known. */
  private void createScramUsers(Admin admin) throws Exception {
    KafkaCredentials credentials = stack.kafkaCredentials();
    List<UserScramCredentialAlteration> users = new ArrayList<>();
    for (KafkaUser user : KafkaUser.values()) {
      if (user != KafkaUser.ADMIN) {
        users.add(new UserScramCredentialUpsertion(user.userName(),
            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), credentials.password(user)));
      }
    }
    admin.alterUserScramCredentials(users).all().get(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (admin.describeUserScramCredentials().all().get(30, TimeUnit.SECONDS).size() < users.size()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka does not know its SCRAM users 30 s after creating them");
      }
      Thread.onSpinWait();
    }
  }

  /**
   * Created is not yet served: a broker that has not applied the new metadata answers that it does not host the
   * topic, to clients and to the jobs alike. Ready means every broker holds a log for each replica it is assigned
   * (a KRaft broker publishes the metadata to its cache before it creates the logs).
   */
  private boolean everyReplicaHosted(Admin admin) throws Exception {
    Map<Integer, Set<TopicPartition>> assigned = new HashMap<>();
    for (TopicDescription topic : admin.describeTopics(Topics.ALL.stream().map(Topics.Spec::name).toList())
        .allTopicNames().get(5, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo partition : topic.partitions()) {
        if (partition.leader() == null || partition.leader().isEmpty()
            || partition.replicas().size() != stack.kafkaReplicationFactor()) {
          return false;
        }
        for (Node replica : partition.replicas()) {
          assigned.computeIfAbsent(replica.id(), id -> new HashSet<>())
              .add(new TopicPartition(topic.name(), partition.partition()));
        }
      }
    }
    Map<Integer, Map<String, LogDirDescription>> hosted = admin.describeLogDirs(assigned.keySet())
        .allDescriptions().get(5, TimeUnit.SECONDS);
    return assigned.entrySet().stream().allMatch(broker -> hosted.getOrDefault(broker.getKey(), Map.of()).values()
        .stream().flatMap(dir -> dir.replicaInfos().keySet().stream())
        .collect(Collectors.toSet()).containsAll(broker.getValue()));
  }

  private void writeConfig(Broker broker) {
    String replicas = Integer.toString(stack.kafkaReplicationFactor());
    String minIsr = Integer.toString(stack.kafkaMinInSyncReplicas());
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(broker.id()));
    p.setProperty("controller.quorum.voters", brokers.stream()
        .map(b -> b.id() + "@127.0.0.1:" + stack.kafkaControllerPort(b.id()))
        .collect(Collectors.joining(",")));
    p.setProperty("listeners", "BROKER://127.0.0.1:" + stack.kafkaBrokerPort(broker.id())
        + ",CONTROLLER://127.0.0.1:" + stack.kafkaControllerPort(broker.id()));
    p.setProperty("advertised.listeners", "BROKER://127.0.0.1:" + stack.kafkaBrokerPort(broker.id()));
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "BROKER");
    authentication(p);
    p.setProperty("log.dirs", broker.dataDir().toString());
    // Every topic, internal ones too, has min(3, brokers) replicas; with 3 a write needs 2 of them, so the
    // cluster takes acks=all and transactional writes with one broker down.
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", minIsr);
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    p.setProperty("unclean.leader.election.enable", "false");
    // 8, not Kafka's 50, partitions for the internal topics: a local stack has a few groups and producers, and a
    // broker restarting after a crash recovers (and catches up) every partition it holds before it rejoins.
    p.setProperty("offsets.topic.num.partitions", "8");
    p.setProperty("transaction.state.log.num.partitions", "8");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    try {
      StringWriter text = new StringWriter();
      p.store(text, "written by bin/cpchain up; holds the Kafka admin's password: keep owner-only");
      SecretFile.replace(broker.configFile(), text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + broker.configFile(), e);
    }
  }

  /**
   * SASL on both listeners, ACLs on every request. The controller listener, which only the brokers use, takes
   * PLAIN for the admin alone (a KRaft controller cannot check SCRAM, whose credentials live in the metadata it
   * serves); the broker listener takes SCRAM-SHA-512 for the users and PLAIN for the admin, the one account the
   * brokers' own settings hold.
   */
  private void authentication(Properties p) {
    String admin = stack.kafkaCredentials().password(KafkaUser.ADMIN);
    String plain = KafkaCredentials.jaas(KafkaUser.ADMIN, admin).replaceFirst(";$", "")
        + " user_" + KafkaUser.ADMIN.userName() + "=\"" + admin + "\";";
    p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
    p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.setProperty("listener.name.controller.plain.sasl.jaas.config", plain);
    p.setProperty("listener.name.broker.sasl.enabled.mechanisms", KafkaCredentials.SCRAM_MECHANISM + ",PLAIN");
    p.setProperty("listener.name.broker.plain.sasl.jaas.config", plain);
    p.setProperty("listener.name.broker.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.setProperty("allow.everyone.if.no.acl.found", "false");
    p.setProperty("super.users", KafkaUser.ADMIN.principal());
  }

  /** The cluster id a broker was already formatted with, so a broker formatted later joins the same cluster. */
  private Optional<String> existingClusterId() {
    for (Broker broker : brokers) {
      Path meta = broker.dataDir().resolve("meta.properties");
      if (Files.exists(meta)) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(meta)) {
          p.load(reader);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + meta, e);
        }
        return Optional.ofNullable(p.getProperty("cluster.id"));
      }
    }
    return Optional.empty();
  }

  /** Formats a broker's log directory for the cluster, as kafka-storage.sh does. */
  private void format(Broker broker, String clusterId) {
    ServiceProcess formatter = new ServiceProcess(stack, broker.process().name() + "-format");
    ProcessHandle handle = formatter.startJava(List.of("-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        "kafka.tools.StorageTool", formatArguments(clusterId, broker.configFile()));
    handle.onExit().join();
    if (!Files.exists(broker.dataDir().resolve("meta.properties"))) {
      throw new IllegalStateException("formatting Kafka storage failed; see " + formatter.logFile());
    }
  }

  /**
   * The storage tool's arguments. The id is Kafka's own {@link Uuid#randomUuid()} (never one that begins
   * with "-"), and it is passed as {@code --cluster-id=ID} all the same, so no id can be read as an option.
   */
  static List<String> formatArguments(String clusterId, Path config) {
    return List.of("format", "--cluster-id=" + clusterId, "--config=" + config, "--ignore-formatted");
  }
}
