package io.cpchain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single Kafka broker in KRaft mode (combined broker and controller, no ZooKeeper), run from the
 * Kafka jars as its own process, exactly as Kafka's own start scripts run it.
 */
public final class KafkaService {

  private final StackConfig stack;
  private final ServiceProcess process;
  private final Path dataDir;
  private final Path configFile;

  public KafkaService(StackConfig stack) {
    this.stack = stack;
    this.process = new ServiceProcess(stack, "kafka");
    this.dataDir = stack.workDir().resolve("kafka/data");
    this.configFile = stack.workDir().resolve("kafka/server.properties");
  }

  public ServiceProcess process() {
    return process;
  }

  public void start() {
    writeConfig();
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format();
    }
    process.startJava(List.of("-Xmx1g", "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        "kafka.Kafka", List.of(configFile.toString()));
  }

  /** Waits until the broker answers and creates any missing topic. */
  public void awaitReadyAndCreateTopics(Duration timeout) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
      Readiness.await("Kafka", process, timeout, () -> {
        Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
        List<NewTopic> missing = Topics.ALL.stream()
            .filter(t -> !existing.contains(t.name()))
            .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
            .collect(Collectors.toList());
        if (!missing.isEmpty()) {
          admin.createTopics(missing).all().get(20, TimeUnit.SECONDS);
        }
        return true;
      });
    }
  }

  private void writeConfig() {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + stack.kafkaControllerPort());
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + stack.kafkaPort()
        + ",CONTROLLER://127.0.0.1:" + stack.kafkaControllerPort());
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + stack.kafkaPort());
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", dataDir.toString());
    // One broker: every internal topic has one replica.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    try {
      Files.createDirectories(configFile.getParent());
      try (var writer = Files.newBufferedWriter(configFile)) {
        p.store(writer, "written by bin/cpchain up");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    }
  }

  /** Formats the log directory for a new single-node KRaft cluster, as kafka-storage.sh does. */
  private void format() {
    ServiceProcess formatter = new ServiceProcess(stack, "kafka-format");
    ProcessHandle handle = formatter.startJava(List.of("-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        "kafka.tools.StorageTool",
        formatArguments(Uuid.randomUuid().toString(), configFile));
    handle.onExit().join();
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
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
