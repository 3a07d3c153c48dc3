package io.cpchain.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.crypto.keys.SecretFile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster ({@code --standalone-flink --taskmanagers N}): a JobManager and N TaskManagers,
 * each its own JVM started as Flink's {@code jobmanager.sh} and {@code taskmanager.sh} start theirs (the entry
 * classes, the JVM options of {@code env.java.opts.all} and the memory flags Flink derives from the process sizes),
 * from the Flink artifacts on the CLI's class path, since Maven Central has no {@code flink-dist}.
 *
 * <p>Each process reads its own {@code <work dir>/flink/conf/<process>/config.yaml}: flink-conf/cluster/config.yaml
 * plus the addresses, ports, memory and checkpoint directory of this stack, and for the JobManager the REST TLS
 * settings of the install's {@link FlinkRestIdentity}. That file holds the key store's password, so it is written
 * owner-only ({@link SecretFile}), never passed on a command line others can read in {@code /proc}.
 */
final class StandaloneFlinkCluster implements FlinkCluster {

  /** Sizes for a 2-core 8 GB machine that also runs Kafka, the chain and the proxies: 1 GB + N x 2.5 GB at most. */
  static final MemorySize JOBMANAGER_MEMORY = MemorySize.parse("1024m");
  static final MemorySize TASKMANAGER_MEMORY = MemorySize.parse("2560m");
  /** The jobs keep state on the heap (state.backend.type: hashmap): managed memory would only be RocksDB's. */
  static final MemorySize TASKMANAGER_MANAGED_MEMORY = MemorySize.parse("128m");

  private static final String LOOPBACK = "127.0.0.1";
  private static final String LOG_CONFIG = "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StackConfig config;
  private final Path flinkConfDir;
  private final ServiceProcess jobManager;
  private final List<ServiceProcess> taskManagers = new ArrayList<>();

  StandaloneFlinkCluster(StackConfig config, Path flinkConfDir) {
    this.config = config;
    this.flinkConfDir = flinkConfDir;
    this.jobManager = new ServiceProcess(config, "flink-jobmanager");
    for (int i = 1; i <= config.flinkTaskManagers(); i++) {
      taskManagers.add(new ServiceProcess(config, taskManagerName(i)));
    }
  }

  /** TaskManager {@code i}'s (1-based) process name, which is also its Flink resource id. */
  static String taskManagerName(int i) {
    return "flink-taskmanager-" + i;
  }

  @Override
  public List<ServiceProcess> processes() {
    List<ServiceProcess> processes = new ArrayList<>(List.of(jobManager));
    processes.addAll(taskManagers);
    return processes;
  }

  @Override
  public List<LocalStack.ServicePort> ports() {
    return List.of(new LocalStack.ServicePort("flink JobManager REST (--flink-port)", config.flinkPort(), jobManager),
        new LocalStack.ServicePort("flink JobManager RPC (--flink-port + 1)", config.flinkRpcPort(), jobManager));
  }

  @Override
  public boolean start(PrintStream out) {
    boolean jobManagerStarted = jobManager.running().isEmpty();
    if (jobManagerStarted) {
      out.println("starting Flink JobManager (standalone session cluster), Web UI on " + config.flinkRest().uri("")
          + " " + LocalStack.webUiNote(config));
      Configuration conf = jobManagerConfiguration();
      JobManagerProcessSpec memory = JobManagerProcessUtils.processSpecFromConfig(conf);
      start(jobManager, conf, CoreOptions.FLINK_JM_JVM_OPTIONS, JobManagerProcessUtils.generateJvmParametersStr(memory,
          conf), StandaloneSessionClusterEntrypoint.class, JobManagerProcessUtils.generateDynamicConfigsStr(memory));
    }
    for (int i = 1; i <= taskManagers.size(); i++) {
      ServiceProcess taskManager = taskManagers.get(i - 1);
      if (taskManager.running().isEmpty()) {
        out.println("starting Flink TaskManager " + i + " of " + taskManagers.size());
        Configuration conf = taskManagerConfiguration(i);
        TaskExecutorProcessSpec memory = TaskExecutorProcessUtils.processSpecFromConfig(conf);
        start(taskManager, conf, CoreOptions.FLINK_TM_JVM_OPTIONS, ProcessMemoryUtils.generateJvmParametersStr(memory),
            TaskManagerRunner.class, TaskExecutorProcessUtils.generateDynamicConfigsStr(memory));
      }
    }
    return jobManagerStarted;
  }

  /** Every TaskManager registered under its own resource id: a replacement re-registers under the dead one's. */
  @Override
  public boolean ready(HttpClient client) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(config.flinkRest().uri("taskmanagers"))
        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      return false;
    }
    Set<String> registered = new HashSet<>();
    JSON.readTree(response.body()).path("taskmanagers").forEach(tm -> registered.add(tm.path("id").asText()));
    return taskManagers.stream().allMatch(tm -> registered.contains(tm.name()));
  }

  /** The settings every process of the cluster shares: where the JobManager is, what the stack fixes. */
  private Configuration sharedConfiguration(String process) {
    Configuration conf = GlobalConfiguration.loadConfiguration(flinkConfDir.toString());
    conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
    conf.set(JobManagerOptions.PORT, config.flinkRpcPort());
    conf.set(RestOptions.PORT, config.flinkPort());
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.flinkCheckpoints().toUri().toString());
    conf.set(CoreOptions.TMP_DIRS, config.workDir().resolve("flink/tmp").resolve(process).toString());
    return conf;
  }

  Configuration jobManagerConfiguration() {
    Configuration conf = sharedConfiguration(jobManager.name());
    conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, JOBMANAGER_MEMORY);
    // Each job's slots spread over the TaskManagers: one lost TaskManager takes part of every job, not all of one.
    conf.set(TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE, TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
    config.flinkRestIdentity().applyTo(conf);
    return conf;
  }

  Configuration taskManagerConfiguration(int i) {
    Configuration conf = sharedConfiguration(taskManagerName(i));
    conf.set(TaskManagerOptions.HOST, LOOPBACK);
    conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.TASK_MANAGER_RESOURCE_ID, taskManagerName(i));
    conf.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, TASKMANAGER_MEMORY);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, TASKMANAGER_MANAGED_MEMORY);
    return conf;
  }

  /** Writes the process's config.yaml (owner-only) and starts its entry class on it, as Flink's scripts do. */
  private void start(ServiceProcess process, Configuration conf, ConfigOption<String> processJvmOptions,
      String memoryJvmOptions, Class<?> entryClass, String memoryDynamicProperties) {
    Path confDir = writeConfiguration(process.name(), conf);
    List<String> jvmOptions = new ArrayList<>(words(conf.get(CoreOptions.FLINK_JVM_OPTIONS)));
    jvmOptions.addAll(words(conf.get(processJvmOptions)));
    jvmOptions.addAll(words(memoryJvmOptions));
    jvmOptions.add(LOG_CONFIG);
    List<String> args = new ArrayList<>(List.of("--configDir", confDir.toString()));
    args.addAll(words(memoryDynamicProperties)); // "-D key=value" pairs of memory sizes, no secrets
    process.startJava(jvmOptions, entryClass.getName(), args);
  }

  /** The process's {@code config.yaml}, owner-only: the JobManager's holds the REST key store's password. */
  Path writeConfiguration(String process, Configuration conf) {
    Path confDir = config.workDir().resolve("flink/conf").resolve(process);
    try {
      Files.createDirectories(confDir);
      Files.createDirectories(Path.of(conf.get(CoreOptions.TMP_DIRS)));
      SecretFile.replace(confDir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), String.join("\n",
          ConfigurationUtils.convertConfigToWritableLines(conf, false)).getBytes(StandardCharsets.UTF_8));
      return confDir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the configuration of " + process + " in " + confDir, e);
    }
  }

  private static List<String> words(String options) {
    return options.isBlank() ? List.of() : Arrays.asList(options.strip().split("\\s+"));
  }
}
