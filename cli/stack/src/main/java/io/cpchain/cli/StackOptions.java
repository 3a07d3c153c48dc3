package io.cpchain.cli;

import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.StackConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that uses the local stack shares. */
public final class StackOptions {

  @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
      description = "where the stack keeps its state, logs and keys (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--kafka-port", paramLabel = "PORT", description = "Kafka listener port (default 9092; the"
      + " KRaft controller takes the next one)")
  Integer kafkaPort;

  @Option(names = "--storage-port", paramLabel = "PORT", description = "first storage node's port (default 9101;"
      + " node i listens on PORT+i)")
  Integer storagePort;

  @Option(names = "--flink-port", paramLabel = "PORT", description = "MiniCluster REST and Web UI port (default 8081)")
  Integer flinkPort;

  @Option(names = "--chain-port", paramLabel = "PORT", description = "first chain node's peer port (default 7301;"
      + " node i listens on PORT+i-1, its client API 100 above)")
  Integer chainPort;

  @Option(names = "--flink", paramLabel = "HOST:PORT",
      description = "submit jobs to this Flink cluster's REST endpoint instead of the local MiniCluster")
  String flinkAddress;

  /**
   * The stack's config: what {@code up} recorded in the work directory, with any port given here
   * replacing it (a running stack keeps its ports).
   */
  public StackConfig config() {
    StackConfig recorded = StackConfig.load(workDir);
    StackConfig base = recorded != null ? recorded : StackConfig.defaults(workDir);
    int kafka = kafkaPort != null ? kafkaPort : base.kafkaPort();
    return new StackConfig(base.workDir(), kafka, kafkaPort != null ? kafka + 1 : base.kafkaControllerPort(),
        storagePort != null ? storagePort : base.storageBasePort(), base.storageNodes(),
        flinkPort != null ? flinkPort : base.flinkPort(), chainPort != null ? chainPort : base.chainPort());
  }

  public LocalStack stack() {
    return new LocalStack(config(), Home.path("flink-conf/cluster"));
  }

  /** The Flink REST endpoint jobs go to. */
  public String flinkRestAddress() {
    return flinkAddress != null ? flinkAddress : config().flinkRestAddress();
  }
}
