package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpchain.cli.share.LocalProxies;
import io.cpchain.cli.stack.FreePorts;
import io.cpchain.cli.stack.LocalStack;
import io.cpchain.cli.stack.ServiceProcess;
import io.cpchain.cli.stack.StackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cpchain on a standalone Flink session cluster ({@code --standalone-flink --taskmanagers 2}): a JobManager and
 * two TaskManagers, each its own JVM, the ingest job and the HE traffic jobs submitted to it over REST as a user's
 * {@code flink run} would. The TaskManager running the ingest job is killed (kill -9) while the fleet drives and a
 * replacement started: the jobs restore their newest checkpoints, and both stages balance against the simulator's
 * ground truth, nothing lost or duplicated. The fault prints the recovery times. (DemoITCase runs every stage, on
 * the embedded MiniCluster.)
 */
class StandaloneFlinkITCase {

  private static final List<String> FLINK_PROCESSES =
      List.of("flink-jobmanager", "flink-taskmanager-1", "flink-taskmanager-2");

  @TempDir static Path workDir;
  private static List<String> stackArgs;

  @BeforeAll
  static void choosePorts() {
    System.setProperty("cpchain.home", Path.of("../..").toAbsolutePath().normalize().toString());
    int kafka = FreePorts.range(2);
    int storage = FreePorts.range(4);
    int flink = FreePorts.range(2); // REST and the JobManager's RPC
    int chain = FreePorts.range(LocalProxies.PORT_OFFSET + LocalProxies.COUNT);
    stackArgs = List.of("--work-dir", workDir.toString(), "--kafka-port", Integer.toString(kafka),
        "--storage-port", Integer.toString(storage), "--flink-port", Integer.toString(flink),
        "--chain-port", Integer.toString(chain), "--standalone-flink", "--taskmanagers", "2");
  }

  @AfterAll
  static void down() {
    assertEquals(0, CliRun.of(stackArgs, "down").exitCode());
  }

  @Test
  void aTaskManagerKilledMidStreamIsReplacedAndNoStageLosesOrDuplicatesARecord() throws Exception {
    CliRun up = CliRun.of(stackArgs, "up");
    assertEquals(0, up.exitCode(), up.out() + up.err());
    CliRun status = CliRun.of(stackArgs, "status");
    FLINK_PROCESSES.forEach(name -> assertTrue(status.out().contains(name), status.out()));

    Map<String, ServiceProcess> services = new LocalStack(StackConfig.load(workDir), Home.path("flink-conf/cluster"))
        .services();
    assertTrue(!services.containsKey("flink"), "no MiniCluster: " + services.keySet());
    for (String name : FLINK_PROCESSES) {
      long pid = services.get(name).running().orElseThrow().pid();
      String commandLine = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      assertTrue(commandLine.contains(name.equals("flink-jobmanager") ? "StandaloneSessionClusterEntrypoint"
          : "TaskManagerRunner"), name + " is its own Flink JVM: " + commandLine);
      assertTrue(!commandLine.contains("password"), name + "'s command line holds no secret");
      Path conf = workDir.resolve("flink/conf").resolve(name).resolve("config.yaml");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)), conf.toString());
    }

    // 60 s, as the demo test: after the kill and the recovery a 10 s traffic window still passes both HE jobs.
    CliRun chaos = CliRun.of(stackArgs, "chaos", "--faults", "taskmanager", "--stages", "ingest,traffic",
        "--devices", "40", "--rate", "200", "--duration", "60s", "--bad-rate", "0.05", "--json");
    assertEquals(0, chaos.exitCode(), chaos.out() + chaos.err());
    JsonNode fault = chaos.lastJson().get("faults").get(0);
    assertEquals("taskmanager", fault.get("name").asText());
    assertTrue(fault.get("detected").asBoolean() && fault.get("recovered").asBoolean(), fault.toString());
    assertEquals(0, fault.get("lost").asLong(), fault.toString());
    assertEquals(0, fault.get("duplicated").asLong(), fault.toString());
    assertTrue(fault.get("invariants_ok").asBoolean(), fault.toString());
    assertTrue(chaos.out().contains("kill -> first new committed output"), "the recovery times: " + chaos.out());
    assertTrue(chaos.out().contains("decrypted sums equal the plaintext computation"), "the HE job recovered too: "
        + chaos.out());
    assertTrue(chaos.lastJson().get("ok").asBoolean(), chaos.out());
  }
}
