package io.cpchain.cli.stack;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;

/** The embedded default: {@link FlinkClusterMain}, a MiniCluster in one process. */
final class MiniFlinkCluster implements FlinkCluster {

  private final StackConfig config;
  private final Path flinkConfDir;
  private final ServiceProcess process;

  MiniFlinkCluster(StackConfig config, Path flinkConfDir) {
    this.config = config;
    this.flinkConfDir = flinkConfDir;
    this.process = new ServiceProcess(config, "flink");
  }

  @Override
  public List<ServiceProcess> processes() {
    return List.of(process);
  }

  @Override
  public List<LocalStack.ServicePort> ports() {
    return List.of(new LocalStack.ServicePort("flink (--flink-port)", config.flinkPort(), process));
  }

  @Override
  public boolean start(PrintStream out) {
    if (process.running().isPresent()) {
      return false;
    }
    out.println("starting Flink MiniCluster, Web UI on " + config.flinkRest().uri("") + " "
        + LocalStack.webUiNote(config));
    process.startJava(List.of("-Xmx3g", "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        FlinkClusterMain.class.getName(), List.of(flinkConfDir.toString(), Integer.toString(config.flinkPort()),
            config.flinkCheckpoints().toString(), config.flinkRestIdentity().keyStore().getParent().toString()));
    return true;
  }

  @Override
  public boolean ready(HttpClient client) throws Exception {
    return Readiness.httpStatus(client, config.flinkRest().uri("overview")) == 200;
  }
}
