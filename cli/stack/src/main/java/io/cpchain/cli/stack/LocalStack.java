package io.cpchain.cli.stack;

import io.cpchain.cli.chain.LocalChain;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.share.LocalProxies;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local stack: a KRaft Kafka cluster (one broker, or {@code --brokers N}), the storage nodes, a Flink MiniCluster
 * (or a standalone session cluster, {@code --standalone-flink}), a 4-node DPoR
 * chain and 3 re-encryption proxies, each its own process on loopback, all state under one work directory. {@code up} is idempotent: it starts only
 * what is not running.
 */
public final class LocalStack {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

  private final StackConfig config;
  private final KafkaService kafka;
  private final StorageNodes storage;
  private final FlinkCluster flink;
  private final LocalChain chain;
  private final LocalProxies proxies;

  public LocalStack(StackConfig config, Path flinkConfDir) {
    this.config = config;
    this.kafka = new KafkaService(config);
    this.storage = new StorageNodes(config);
    this.flink = FlinkCluster.of(config, flinkConfDir);
    this.chain = new LocalChain(config.workDir(), "chain", config.chainPeerPort(1), config.chainApiPort(1));
    this.proxies = new LocalProxies(config);
  }

  public LocalProxies proxies() {
    return proxies;
  }

  public LocalChain chain() {
    return chain;
  }

  public StackConfig config() {
    return config;
  }

  public StorageNodes storage() {
    return storage;
  }

  /** Every service of the stack, by name, in start order. */
  public Map<String, ServiceProcess> services() {
    Map<String, ServiceProcess> services = new LinkedHashMap<>();
    kafka.processes().forEach(broker -> services.put(broker.name(), broker));
    storage.processes().forEach(node -> services.put(node.name(), node));
    flink.processes().forEach(process -> services.put(process.name(), process));
    for (int node = 1; node <= StackConfig.CHAIN_NODES; node++) {
      services.put("chain-" + node, chain.process(node));
    }
    for (int i = 1; i <= LocalProxies.COUNT; i++) {
      services.put("proxy-" + i, proxies.process(i));
    }
    return services;
  }

  /** The Flink runtime's processes: the MiniCluster's one, or a standalone cluster's JobManager and TaskManagers. */
  public List<ServiceProcess> flinkProcesses() {
    return flink.processes();
  }

  public KafkaService kafka() {
    return kafka;
  }

  /** Whether Kafka takes clients: at least one broker runs (with three, one may be down). */
  public boolean kafkaRunning() {
    return kafka.processes().stream().anyMatch(broker -> broker.running().isPresent());
  }

  public boolean isUp() {
    return services().values().stream().allMatch(s -> s.running().isPresent());
  }

  /** Starts whatever is not running and waits until all of it answers. */
  public void up(PrintStream out) {
    checkPortsFreeForStoppedServices();
    config.save();
    PipelineNodeKey.ensure(config);
    List<Runnable> waits = new ArrayList<>();
    if (kafka.processes().stream().anyMatch(broker -> broker.running().isEmpty())) {
      out.println("starting Kafka (KRaft, " + config.kafkaBrokers() + (config.kafkaBrokers() == 1 ? " broker" : " brokers")
          + ") on " + config.bootstrapServers());
      kafka.start();
    }
    waits.add(() -> kafka.awaitReadyAndCreateTopics(STARTUP_TIMEOUT));
    for (int node = 0; node < config.storageNodes(); node++) {
      int n = node;
      if (storage.processes().get(n).running().isEmpty()) {
        out.println("starting storage node " + n + " on " + storage.endpoint(n));
        storage.start(n);
      }
      waits.add(() -> storage.awaitReady(n, STARTUP_TIMEOUT));
    }
    config.flinkRestIdentity().ensure();
    boolean flinkStarted = flink.start(out);
    waits.add(() -> {
      try {
        proxies.up(chain.up(StackConfig.CHAIN_NODES, out), out);
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot start the chain and its proxies in " + chain.dir() + ": "
            + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the chain");
      }
    });
    HttpClient flinkClient = config.flinkRest().httpClient(Duration.ofSeconds(2));
    waits.add(() -> Readiness.await("Flink", flink.processes(), STARTUP_TIMEOUT, () -> flink.ready(flinkClient)));
    try {
      CompletableFuture.allOf(waits.stream().map(CompletableFuture::runAsync).toArray(CompletableFuture[]::new))
          .join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    if (flinkStarted) {
      resumeJobs(out);
    }
  }

  /** The jobs the cluster ran before it stopped or died, each from its newest retained checkpoint. */
  private void resumeJobs(PrintStream out) {
    try (FlinkJobs jobs = new FlinkJobs(config.flinkRest(), Optional.of(config.retainedCheckpoints()))) {
      jobs.resumeStopped(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while resuming the Flink jobs");
    } catch (Exception e) {
      throw new IllegalStateException("cannot resume the Flink jobs: " + e.getMessage(), e);
    }
  }

  /** How a person opens the Web UI: the cluster takes only clients presenting this install's certificate. */
  public String webUiNote() {
    return webUiNote(config);
  }

  static String webUiNote(StackConfig config) {
    FlinkRestIdentity identity = config.flinkRestIdentity();
    return "(TLS, client certificate " + identity.keyStore() + ", its password in " + identity.passwordFile() + ")";
  }

  public void down(PrintStream out) {
    List<Map.Entry<String, ServiceProcess>> reversed = new ArrayList<>(services().entrySet());
    java.util.Collections.reverse(reversed);
    for (Map.Entry<String, ServiceProcess> service : reversed) {
      if (service.getValue().stop(Duration.ofSeconds(20))) {
        out.println("stopped " + service.getKey());
      }
    }
  }

  /** The ports of every service, whether it runs or not: what each is for, by port. */
  record ServicePort(String what, int port, ServiceProcess process) {}

  private List<ServicePort> ports() {
    List<ServicePort> ports = new ArrayList<>();
    for (int broker = 1; broker <= config.kafkaBrokers(); broker++) {
      ServiceProcess process = kafka.process(broker);
      int offset = config.kafkaBrokerPort(broker) - config.kafkaPort();
      ports.add(new ServicePort("kafka broker " + broker + " (--kafka-port" + (offset == 0 ? "" : " + " + offset) + ")",
          config.kafkaBrokerPort(broker), process));
      ports.add(new ServicePort("kafka controller " + broker + " (--kafka-port + " + (offset + 1) + ")",
          config.kafkaControllerPort(broker), process));
    }
    for (int node = 0; node < config.storageNodes(); node++) {
      ports.add(new ServicePort("storage node " + node + " (--storage-port)", config.storagePort(node),
          storage.processes().get(node)));
    }
    ports.addAll(flink.ports());
    for (int node = 1; node <= StackConfig.CHAIN_NODES; node++) {
      ports.add(new ServicePort("chain node " + node + " (--chain-port)", config.chainPeerPort(node), chain.process(node)));
      ports.add(new ServicePort("chain node " + node + " API (--chain-port + 100)", config.chainApiPort(node),
          chain.process(node)));
    }
    for (int i = 1; i <= LocalProxies.COUNT; i++) {
      ports.add(new ServicePort("proxy " + i + " (--chain-port + 500)", proxies.port(i), proxies.process(i)));
    }
    return ports;
  }

  private void checkPortsFreeForStoppedServices() {
    Map<Integer, String> claimed = new LinkedHashMap<>();
    for (ServicePort port : ports()) {
      String other = claimed.putIfAbsent(port.port(), port.what());
      if (other != null) {
        throw new PortInUseException("port " + port.port() + " is both " + other + " and " + port.what()
            + "; choose ports that do not overlap");
      }
    }
    for (ServicePort port : ports()) {
      if (port.process().running().isEmpty() && !isFree(port.port())) {
        throw new PortInUseException("port " + port.port() + " for " + port.what() + " is already in use; stop what"
            + " holds it or choose another port");
      }
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port the stack needs is taken: reported as one line. */
  public static final class PortInUseException extends RuntimeException {
    PortInUseException(String message) {
      super(message);
    }
  }
}
