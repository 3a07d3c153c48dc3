package io.cpchain.cli.chaos;

import io.cpchain.cli.chain.LocalChain;
import io.cpchain.cli.jobs.FlinkMetrics;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.Topics;
import io.cpchain.ingest.job.TelemetryIngestJob;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.ServiceProcess;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.NodeConfig;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One fault of the suite: a real signal to a real process of the local stack, then what makes the
 * stack whole again. {@link #inject} returns once the fault is seen to be in effect (the process gone,
 * or stopped by the kernel); {@link #recover} once the hit service answers again.
 */
abstract class Fault {

  private static final Duration SEEN_WITHIN = Duration.ofSeconds(30);

  private final String name;
  private final String service;
  private final String description;

  Fault(String name, String service, String description) {
    this.name = name;
    this.service = service;
    this.description = description;
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  ServiceProcess process(LocalStack stack) {
    return process(stack, service);
  }

  static ServiceProcess process(LocalStack stack, String service) {
    ServiceProcess process = stack.services().get(service);
    if (process == null) {
      throw new IllegalStateException("the stack has no service " + service + " (it has " + stack.services().keySet()
          + ")");
    }
    return process;
  }

  /** Injects the fault; true once it is seen in effect, false if it was not seen within 30 s. */
  abstract boolean inject(LocalStack stack) throws Exception;

  /** How long the fault holds before {@link #recover} undoes it. */
  abstract Duration outage();

  /** Makes the stack whole again; returns once the hit service answers, with the chunk copies a repair made. */
  abstract int recover(LocalStack stack, PrintStream out) throws Exception;

  /** What the fault needs in place before its round drives (most need nothing). */
  void prepare(LocalStack stack, PrintStream out) throws Exception {}

  /** Undoes {@link #prepare} after the round's checks, whether the round passed or not: the stack as up left it. */
  void restore(LocalStack stack, PrintStream out) throws Exception {}

  /** Restores what a lost disk held (for storage: {@code bin/cpchain storage repair}); returns the copies made. */
  interface Repair {
    int run() throws Exception;
  }

  /**
   * kill -9, then (after the outage) restarted as {@code bin/cpchain up} restarts it: a restarted Flink
   * cluster gets its jobs back from their retained checkpoints there. A fault that also empties the
   * process's disk is recovered from as an operator would: restart, then repair.
   */
  static final class KillAndRestart extends Fault {

    private final Duration outage;
    private final Path wipe;
    private final Repair repair;

    KillAndRestart(String name, String service, String description, Duration outage) {
      this(name, service, description, outage, null, null);
    }

    /** @param wipe a directory emptied while the process is down (its disk lost), then restored by {@code repair} */
    KillAndRestart(String name, String service, String description, Duration outage, Path wipe, Repair repair) {
      super(name, service, description);
      this.outage = outage;
      this.wipe = wipe;
      this.repair = repair;
    }

    @Override
    boolean inject(LocalStack stack) throws Exception {
      ProcessHandle process = process(stack).running().orElseThrow(
          () -> new IllegalStateException(name() + ": the service is not running before the fault"));
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      process.onExit().get(SEEN_WITHIN.toSeconds(), TimeUnit.SECONDS);
      if (wipe != null) {
        deleteContents(wipe);
      }
      return process(stack).running().isEmpty();
    }

    @Override
    Duration outage() {
      return outage;
    }

    @Override
    int recover(LocalStack stack, PrintStream out) throws Exception {
      stack.up(out);
      if (repair == null) {
        return 0;
      }
      int copies = repair.run();
      out.println("!! " + name() + ": repair made " + copies + " copies");
      return copies;
    }

    private static void deleteContents(Path dir) throws IOException {
      if (!Files.isDirectory(dir)) {
        return;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          if (!file.equals(dir)) {
            Files.delete(file);
          }
        }
      }
    }
  }

  /**
   * kill -9 of a TaskManager of a standalone Flink cluster while the jobs run, the first (by name) that runs tasks of
   * the ingest job, so that the job must fail over wherever the scheduler put it; after the outage a replacement is
   * started as {@code bin/cpchain up} starts it. From the kill it measures how long until the ingest job runs every
   * task again (restored from its newest checkpoint) and until its first output committed after the kill
   * (read_committed on {@link Topics#VALID}): the recovery times of issue 22.
   */
  static final class TaskManagerKill extends Fault {

    private static final Duration RECOVERY_DEADLINE = Duration.ofMinutes(4);

    private final Duration outage;
    private CompletableFuture<String> recovery;

    TaskManagerKill(String name, String description, Duration outage) {
      super(name, "the TaskManager running the ingest job", description);
      this.outage = outage;
    }

    @Override
    boolean inject(LocalStack stack) throws Exception {
      FlinkMetrics flink = new FlinkMetrics(stack.config().flinkRest());
      if (!flink.runsEveryTask(TelemetryIngestJob.JOB_NAME)) {
        throw new IllegalStateException(name() + ": the ingest job does not run every task before the fault");
      }
      String taskManager = flink.taskManagersOf(TelemetryIngestJob.JOB_NAME).stream().findFirst().orElseThrow(
          () -> new IllegalStateException(name() + ": no TaskManager runs the ingest job's tasks"));
      ServiceProcess victim = process(stack, taskManager);
      ProcessHandle process = victim.running().orElseThrow(
          () -> new IllegalStateException(name() + ": " + taskManager + " is not running before the fault"));
      CommittedOutput output = CommittedOutput.fromNow(stack.config().kafkaClient(KafkaUser.ADMIN), Topics.VALID);
      long killedAt = System.nanoTime();
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
      process.onExit().get(SEEN_WITHIN.toSeconds(), TimeUnit.SECONDS);
      recovery = CompletableFuture.supplyAsync(() -> taskManager + " killed; " + measure(flink, output, killedAt));
      return victim.running().isEmpty();
    }

    /** Waits (polling, with a deadline) for the job to fail over and run again, then for new committed output. */
    private static String measure(FlinkMetrics flink, CommittedOutput output, long killedAt) {
      long deadline = killedAt + RECOVERY_DEADLINE.toNanos();
      try (output) {
        awaitUntil("the ingest job fails over", deadline, () -> !flink.runsEveryTask(TelemetryIngestJob.JOB_NAME));
        awaitUntil("the ingest job runs every task again", deadline,
            () -> flink.runsEveryTask(TelemetryIngestJob.JOB_NAME));
        double runningS = (System.nanoTime() - killedAt) / 1e9;
        long checkpoint = flink.restoredCheckpoint(TelemetryIngestJob.JOB_NAME).orElseThrow(
            () -> new IllegalStateException("the ingest job runs again without having restored a checkpoint"));
        awaitUntil("new committed ingest output", deadline, output::arrived);
        double outputS = (System.nanoTime() - killedAt) / 1e9;
        return String.format("ingest job restored checkpoint %d; kill -> ingest job RUNNING again %.1f s,"
            + " kill -> first new committed output %.1f s", checkpoint, runningS, outputS);
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    private interface Check {
      boolean holds() throws Exception;
    }

    private static void awaitUntil(String what, long deadline, Check check) throws Exception {
      while (!check.holds()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out waiting until " + what);
        }
        Thread.sleep(200);
      }
    }

    @Override
    Duration outage() {
      return outage;
    }

    @Override
    int recover(LocalStack stack, PrintStream out) throws Exception {
      stack.up(out); // the replacement TaskManager, registering under the dead one's id
      try {
        out.println("!! " + name() + ": " + recovery.get(RECOVERY_DEADLINE.toSeconds(), TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
      }
      return 0;
    }
  }

  /** Records of a topic that become visible to a read_committed reader after the moment it was opened. */
  private static final class CommittedOutput implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    private CommittedOutput(KafkaConsumer<byte[], byte[]> consumer) {
      this.consumer = consumer;
    }

    static CommittedOutput fromNow(Properties client, String topic) {
      Properties props = new Properties();
      props.putAll(client);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
          new ByteArrayDeserializer());
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions); // for read_committed, the last stable offset: what is committed now
      partitions.forEach(consumer::position); // resolve it now, not at the first poll
      return new CommittedOutput(consumer);
    }

    boolean arrived() {
      return !consumer.poll(Duration.ofMillis(200)).isEmpty();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** SIGSTOP for the outage, then SIGCONT: a process that hangs (a long GC pause, a swapped-out VM) and comes back. */
  static final class Freeze extends Fault {

    private final Duration hold;

    Freeze(String name, String service, String description, Duration hold) {
      super(name, service, description);
      this.hold = hold;
    }

    @Override
    boolean inject(LocalStack stack) throws Exception {
      long pid = pid(stack);
      signal("STOP", pid);
      long deadline = System.nanoTime() + SEEN_WITHIN.toNanos();
      while (System.nanoTime() < deadline) {
        if (stopped(pid)) {
          return true;
        }
        Thread.sleep(100);
      }
      return false;
    }

    @Override
    Duration outage() {
      return hold;
    }

    @Override
    int recover(LocalStack stack, PrintStream out) throws Exception {
      signal("CONT", pid(stack));
      stack.up(out); // returns once every service answers, the thawed one too
      return 0;
    }

    private long pid(LocalStack stack) {
      return process(stack).running().orElseThrow(
          () -> new IllegalStateException(name() + ": the service is not running")).pid();
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    }

    /** The kernel's view: state T (stopped) in /proc/PID/stat, after the command name in parentheses. */
    private static boolean stopped(long pid) throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
      return afterName.startsWith("T");
    }
  }

  /**
   * One chain node cut off from its peers for the outage, then let back, as a network partition does it:
   * the node's peer links, the ones it dials and the ones its peers dial to it, run through
   * {@link TcpRelay}s in this JVM, which the cut closes (every open link reset, new ones refused) and
   * the heal opens again; the node process itself is untouched while cut. To put its links on the
   * relays, {@link #prepare} restarts the node (before the round drives) from a copy of its config
   * whose peers are relays and which listens {@link #MOVED_LISTEN_OFFSET} above its peer port, a relay
   * taking that port for the links its peers dial; {@link #restore} restarts it from its own config,
   * as up starts it. Recovered once the node's height is level with its peers' again.
   */
  static final class NetworkCut extends Fault {

    /** Where the cut node listens while its peers reach it through the relay on its own port. */
    static final int MOVED_LISTEN_OFFSET = 200;
    /** A peer link is one connection per dialler; a redial may overlap the link it replaces. */
    private static final int LINKS_PER_RELAY = 8;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final Duration LEVEL_WITHIN = Duration.ofSeconds(120);

    private final int node;
    private final Duration hold;
    private final List<TcpRelay> relays = new ArrayList<>();
    /** Stops the relayed node if this JVM exits mid-round, so that the next up starts it on its own links. */
    private Thread stopOnExit;

    NetworkCut(String name, int node, String description, Duration hold) {
      super(name, "chain-" + node, description);
      this.node = node;
      this.hold = hold;
    }

    @Override
    void prepare(LocalStack stack, PrintStream out) throws Exception {
      LocalChain chain = stack.chain();
      ChainLayout layout = ChainLayout.open(chain.dir());
      NodeConfig own = NodeConfig.read(layout.nodeConfig(node));
      InetSocketAddress moved = new InetSocketAddress(own.listen().getHostString(),
          own.listen().getPort() + MOVED_LISTEN_OFFSET);
      Map<Address, InetSocketAddress> peers = new LinkedHashMap<>();
      for (Map.Entry<Address, InetSocketAddress> peer : own.peers().entrySet()) {
        TcpRelay relay = TcpRelay.start("link-" + node + "-to-" + peer.getValue().getPort(),
            new InetSocketAddress(own.listen().getAddress(), 0), peer.getValue(), LINKS_PER_RELAY);
        relays.add(relay);
        peers.put(peer.getKey(), relay.address());
      }
      Files.writeString(relayedConfig(layout), new NodeConfig(own.name(), own.keyFile(), own.keyPasswordFile(), moved,
          own.api(), own.dataDir(), own.genesis(), peers, own.consensus()).toYaml());
      process(stack).stop(STOP_GRACE);
      relays.add(TcpRelay.start("links-to-" + node, own.listen(), moved, LINKS_PER_RELAY)); // its port, now free
      ServiceProcess process = process(stack);
      stopOnExit = new Thread(() -> process.stop(STOP_GRACE), name() + "-stop-on-exit");
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      chain.start(node, relayedConfig(layout));
      awaitLevel(stack);
      out.println("!! " + name() + ": chain node " + node + " restarted with its peer links through " + relays.size()
          + " relays, level with its peers");
    }

    /** Every relay cut; in effect once none holds a link and each refuses a new one. */
    @Override
    boolean inject(LocalStack stack) {
      relays.forEach(TcpRelay::cut);
      return relays.stream().allMatch(relay -> relay.openConnections() == 0 && refuses(relay.address()));
    }

    @Override
    Duration outage() {
      return hold;
    }

    @Override
    int recover(LocalStack stack, PrintStream out) throws Exception {
      Views.ChainStatus cut = status(stack, node);
      out.println("!! " + name() + ": at the heal chain node " + node + " is at height " + cut.height() + " ("
          + cut.consensus() + "), its peers at " + peerHeights(stack));
      relays.forEach(TcpRelay::heal);
      awaitLevel(stack);
      return 0;
    }

    @Override
    void restore(LocalStack stack, PrintStream out) throws Exception {
      if (relays.isEmpty()) {
        return;
      }
      process(stack).stop(STOP_GRACE);
      relays.forEach(TcpRelay::close);
      relays.clear();
      Files.deleteIfExists(relayedConfig(ChainLayout.open(stack.chain().dir())));
      if (stopOnExit != null) {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        stopOnExit = null;
      }
      stack.chain().up(StackConfig.CHAIN_NODES, out); // as up starts it: from its own config, on its own port
      awaitLevel(stack);
      out.println("!! " + name() + ": chain node " + node + " back on its own peer links, level with its peers");
    }

    private Path relayedConfig(ChainLayout layout) {
      return layout.dir().resolve("node-" + node + ".relayed.yaml");
    }

    /** Until the node's height is at least its peers' highest (read just before it). */
    private void awaitLevel(LocalStack stack) throws InterruptedException {
      long deadline = System.nanoTime() + LEVEL_WITHIN.toNanos();
      while (true) {
        long peers = peerHeights(stack).stream().mapToLong(Long::longValue).max().orElse(0);
        long own = status(stack, node).height();
        if (own >= peers) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("chain node " + node + " still at height " + own + ", its peers at " + peers
              + ", " + LEVEL_WITHIN.toSeconds() + " s on");
        }
        Thread.sleep(200);
      }
    }

    private List<Long> peerHeights(LocalStack stack) {
      List<Long> heights = new ArrayList<>();
      for (int peer = 1; peer <= StackConfig.CHAIN_NODES; peer++) {
        if (peer != node) {
          heights.add(status(stack, peer).height());
        }
      }
      return heights;
    }

    private static Views.ChainStatus status(LocalStack stack, int node) {
      return new ChainClient(stack.config().chainApi(node)).status();
    }

    /** Whether a new connection is reset, while connecting or at its first read, rather than kept open. */
    private static boolean refuses(InetSocketAddress address) {
      try (Socket probe = new Socket()) {
        probe.connect(address, 2_000);
        probe.setSoTimeout(2_000);
        return probe.getInputStream().read() == -1;
      } catch (SocketTimeoutException keptOpen) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }
  }
}
