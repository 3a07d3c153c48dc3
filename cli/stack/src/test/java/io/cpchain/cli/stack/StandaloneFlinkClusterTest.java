package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each process of the standalone cluster reads: the cluster's keys, this stack's places, secrets owner-only. */
class StandaloneFlinkClusterTest {

  private static final Path CLUSTER_CONF = Path.of("../../flink-conf/cluster");

  @TempDir Path workDir;

  private StandaloneFlinkCluster cluster(int taskManagers) {
    StackConfig config = new StackConfig(workDir, 20_000, 1, 20_100, 0, 20_200, 20_300, taskManagers);
    config.flinkRestIdentity().ensure();
    return new StandaloneFlinkCluster(config, CLUSTER_CONF);
  }

  @Test
  void oneJobManagerAndEachTaskManagerAreProcessesOfTheStack() {
    assertEquals(List.of("flink-jobmanager", "flink-taskmanager-1", "flink-taskmanager-2"),
        cluster(2).processes().stream().map(ServiceProcess::name).toList());
    assertEquals(List.of(20_200, 20_201), cluster(2).ports().stream().map(LocalStack.ServicePort::port).toList());
  }

  @Test
  void theJobManagerServesRestOverTlsWithTheInstallsIdentityFromAnOwnerOnlyFile() throws Exception {
    StandaloneFlinkCluster cluster = cluster(1);
    Path dir = cluster.writeConfiguration("flink-jobmanager", cluster.jobManagerConfiguration());
    Path file = dir.resolve("config.yaml");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Configuration read = GlobalConfiguration.loadConfiguration(dir.toString());
    assertTrue(read.get(SecurityOptions.SSL_REST_AUTHENTICATION_ENABLED));
    Configuration expected = new Configuration();
    new FlinkRestIdentity(workDir.resolve("keys/flink")).applyTo(expected);
    assertEquals(expected.get(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD),
        read.get(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD));
    assertEquals("127.0.0.1", read.get(JobManagerOptions.BIND_HOST));
    assertEquals(20_201, read.get(JobManagerOptions.PORT));
    assertEquals(workDir.resolve("flink/checkpoints").toUri().toString(),
        read.get(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY));
    // the cluster file's keys carried over whole, Java 17 options included
    Configuration clusterFile = GlobalConfiguration.loadConfiguration(CLUSTER_CONF.toString());
    assertEquals(clusterFile.get(CoreOptions.FLINK_JVM_OPTIONS), read.get(CoreOptions.FLINK_JVM_OPTIONS));
    assertTrue(read.get(CoreOptions.FLINK_JVM_OPTIONS).contains("--add-opens=java.base/java.util=ALL-UNNAMED"));
    assertEquals(clusterFile.get(TaskManagerOptions.NUM_TASK_SLOTS), read.get(TaskManagerOptions.NUM_TASK_SLOTS));
    assertEquals(StandaloneFlinkCluster.JOBMANAGER_MEMORY,
        JobManagerProcessUtils.processSpecFromConfig(read).getTotalProcessMemorySize());
  }

  @Test
  void aTaskManagerFindsTheJobManagerUnderItsOwnIdAndHoldsNoSecret() throws Exception {
    StandaloneFlinkCluster cluster = cluster(2);
    Path dir = cluster.writeConfiguration("flink-taskmanager-2", cluster.taskManagerConfiguration(2));
    Configuration read = GlobalConfiguration.loadConfiguration(dir.toString());
    assertEquals("flink-taskmanager-2", read.get(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID));
    assertEquals("127.0.0.1", read.get(JobManagerOptions.ADDRESS));
    assertEquals(20_201, read.get(JobManagerOptions.PORT));
    assertFalse(read.contains(SecurityOptions.SSL_REST_KEYSTORE_PASSWORD));
    assertFalse(Files.readString(dir.resolve("config.yaml")).contains("password"));
    TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(read);
    assertEquals(StandaloneFlinkCluster.TASKMANAGER_MEMORY, memory.getTotalProcessMemorySize());
    assertTrue(memory.getTaskHeapSize().compareTo(MemorySize.parse("1g")) >= 0,
        "task heap " + memory.getTaskHeapSize().toHumanReadableString());
  }
}
