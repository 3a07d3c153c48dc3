package io.cpchain.cli;

import io.cpchain.cli.jobs.FlinkRest;
import io.cpchain.cli.stack.KafkaService;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that uses the local stack shares. */
public final class StackOptions {

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "where the stack keeps its state, logs and keys (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "first Kafka broker's listener port (default"
      + " 9092; broker i listens on PORT+2(i-1), its KRaft controller on the port after)")
  Integer kafkaPort;

  @Option(names = "--brokers", paramLabel = "N", description = "Kafka brokers (KRaft, each broker and controller,"
      + " its own process; default 1). With 3, topics have 3 replicas and min.insync.replicas=2, so one broker"
      + " may die and the pipeline goes on. Recorded in the work directory at 'up'")
  Integer brokers;

  @Option(names = "--storage-port", paramLabel = "PORT", description = "first storage node's port (default 9101;"
      + " node i listens on PORT+i)")
  Integer storagePort;

  @Option(names = "--flink-port", paramLabel = "PORT", description = "MiniCluster REST and Web UI port (default 8081)")
  Integer flinkPort;

  @Option(names = "--chain-port", paramLabel = "PORT", description = "first chain node's peer port (default 7301;"
      + " node i listens on PORT+i-1, its client API 100 above)")
  Integer chainPort;

  @Option(names = "--standalone-flink", negatable = true, description = "run Flink as a standalone session cluster"
      + " (a JobManager and --taskmanagers TaskManagers, each its own process) instead of the embedded MiniCluster;"
      + " --no-standalone-flink goes back to it. Recorded in the work directory at 'up'")
  Boolean standaloneFlink;

  @Option(names = "--taskmanagers", paramLabel = "N", description = "TaskManagers of the standalone Flink cluster"
      + " (default 1)")
  Integer taskManagers;

  @Option(names = "--flink", paramLabel = "HOST:PORT",
      description = "submit jobs to this Flink cluster's REST endpoint instead of the local MiniCluster")
  String flinkAddress;

  /**
   * The stack's config: what {@code up} recorded in the work directory, with any port or broker count given
   * here replacing it (a running stack keeps its ports; a formatted Kafka cluster its broker count, which
   * {@code up} checks).
   */
  public StackConfig config() {
    StackConfig recorded = StackConfig.load(workDir);
    StackConfig base = recorded != null ? recorded : StackConfig.defaults(workDir);
    if (recorded != null && brokers != null && brokers != recorded.kafkaBrokers()
        && new KafkaService(recorded).formatted()) {
      throw new IllegalArgumentException(recorded.workDir() + " holds a Kafka cluster of " + recorded.kafkaBrokers()
          + " broker(s), its controller quorum fixed: give --brokers " + recorded.kafkaBrokers()
          + " or use another --work-dir");
    }
    int flinkTaskManagers = flinkTaskManagers(base);
    if (recorded != null && flinkTaskManagers != recorded.flinkTaskManagers() && flinkRuns(recorded)) {
      throw new IllegalArgumentException(recorded.workDir() + " runs " + describeFlink(recorded)
          + ": stop it first (bin/cpchain down) to run " + describeFlink(flinkTaskManagers));
    }
    return new StackConfig(base.workDir(), kafkaPort != null ? kafkaPort : base.kafkaPort(),
        brokers != null ? brokers : base.kafkaBrokers(), storagePort != null ? storagePort : base.storageBasePort(), base.storageNodes(),
        flinkPort != null ? flinkPort : base.flinkPort(), chainPort != null ? chainPort : base.chainPort(),
        flinkTaskManagers);
  }

  /** 0 for the MiniCluster, else the standalone cluster's TaskManagers: as given, or as recorded. */
  private int flinkTaskManagers(StackConfig base) {
    boolean standalone = standaloneFlink != null ? standaloneFlink : base.standaloneFlink() || taskManagers != null;
    if (!standalone) {
      if (taskManagers != null) {
        throw new IllegalArgumentException("--taskmanagers is for a standalone Flink cluster, not --no-standalone-flink");
      }
      return 0;
    }
    if (taskManagers != null) {
      if (taskManagers < 1) {
        throw new IllegalArgumentException("--taskmanagers must be at least 1, not " + taskManagers);
      }
      return taskManagers;
    }
    return base.standaloneFlink() ? base.flinkTaskManagers() : 1;
  }

  private static boolean flinkRuns(StackConfig recorded) {
    return new LocalStack(recorded, Home.path("flink-conf/cluster")).flinkProcesses().stream()
        .anyMatch(process -> process.running().isPresent());
  }

  private static String describeFlink(StackConfig config) {
    return describeFlink(config.flinkTaskManagers());
  }

  private static String describeFlink(int taskManagers) {
    return taskManagers == 0 ? "the Flink MiniCluster"
        : "a standalone Flink cluster of " + taskManagers + (taskManagers == 1 ? " TaskManager" : " TaskManagers");
  }

  public LocalStack stack() {
    return new LocalStack(config(), Home.path("flink-conf/cluster"));
  }

  /** The Flink REST endpoint jobs go to. */
  public FlinkRest flinkRest() {
    return flinkAddress != null ? FlinkRest.of(flinkAddress) : config().flinkRest();
  }
}
