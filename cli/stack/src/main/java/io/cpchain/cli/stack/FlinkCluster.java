package io.cpchain.cli.stack;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;

/**
 * The local stack's Flink runtime as processes: the embedded MiniCluster (one process, the default) or a standalone
 * session cluster ({@code --standalone-flink}: a JobManager and N TaskManagers). Either serves the same REST API on
 * {@code --flink-port}, where jobs are submitted as to any cluster.
 */
interface FlinkCluster {

  static FlinkCluster of(StackConfig config, Path flinkConfDir) {
    return config.standaloneFlink()
        ? new StandaloneFlinkCluster(config, flinkConfDir)
        : new MiniFlinkCluster(config, flinkConfDir);
  }

  /** Its processes, in start order (the one serving REST first). */
  List<ServiceProcess> processes();

  /** The ports it listens on that the stack fixes, each with the process that binds it. */
  List<LocalStack.ServicePort> ports();

  /**
   * Starts those of its processes that are not running. Returns whether the one holding the job list started, so
   * the jobs it ran before must be submitted again.
   */
  boolean start(PrintStream out);

  /** Whether it takes jobs: REST answers through {@code client}, with every slot it will offer registered. */
  boolean ready(HttpClient client) throws Exception;
}
