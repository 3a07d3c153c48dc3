package io.cpchain.cli.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack's Flink runtime: a MiniCluster with the Web UI and REST API, configured from
 * flink-conf/cluster/config.yaml. Jobs are submitted to it over REST exactly as to any Flink cluster; REST takes
 * only TLS clients presenting the install's {@link FlinkRestIdentity}.
 *
 * <p>Arguments: {@code <flink conf dir> <rest port> <checkpoint dir> <REST identity dir>}.
 */
public final class FlinkClusterMain {

  private static final Logger LOG = LoggerFactory.getLogger(FlinkClusterMain.class);

  private FlinkClusterMain() {}

  public static void main(String[] args) throws Exception {
    MiniCluster cluster = cluster(Path.of(args[0]), Integer.parseInt(args[1]), Path.of(args[2]),
        new FlinkRestIdentity(Path.of(args[3])));
    cluster.start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } catch (Exception e) {
        LOG.error("MiniCluster did not shut down cleanly", e);
      } finally {
        stopped.countDown();
      }
    }, "flink-shutdown"));
    System.out.println("Flink MiniCluster up, REST and Web UI at " + cluster.getRestAddress().get());
    stopped.await();
  }

  /** The cluster as {@code main} runs it, not started: its REST port, identity and checkpoint directory set. */
  static MiniCluster cluster(Path confDir, int restPort, Path checkpoints, FlinkRestIdentity restIdentity) {
    Configuration conf = GlobalConfiguration.loadConfiguration(confDir.toString());
    conf.set(RestOptions.PORT, restPort);
    restIdentity.applyTo(conf);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    return new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(conf.get(TaskManagerOptions.NUM_TASK_SLOTS))
        .build());
  }
}
