package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.cli.jobs.FlinkRest;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local stack's Flink cluster as {@code up} runs it, from flink-conf/cluster/config.yaml. */
class FlinkClusterRestTest {

  @TempDir static Path checkpoints;
  @TempDir static Path keys;
  private static MiniCluster cluster;
  private static FlinkRest rest;

  @BeforeAll
  static void start() throws Exception {
    FlinkRestIdentity identity = new FlinkRestIdentity(keys.resolve("install"));
    identity.ensure();
    cluster = FlinkClusterMain.cluster(Path.of("../../flink-conf/cluster"), 0, checkpoints, identity);
    cluster.start();
    URI address = cluster.getRestAddress().get();
    rest = new FlinkRest(address.getHost(), address.getPort(), Optional.of(identity));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Attack: anyone who reaches the REST port uploads a jar and runs it (the CLI submits job graphs). */
  @Test
  void aJarUploadIsRefused() throws Exception {
    String boundary = "cpchain-upload";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
        + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(emptyJar());
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = rest.httpClient(Duration.ofSeconds(10)).send(HttpRequest.newBuilder(rest.uri("jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode(), response.body());
    assertEquals("{\"errors\":[\"POST request not allowed\"]}", response.body());
  }

  /** What bin/cpchain does instead: a job graph (with its jars) posted to /jobs, presenting the install's identity. */
  @Test
  void theInstallsIdentitySubmitsAJobGraph() throws Exception {
    try (RestClusterClient<StandaloneClusterId> client =
            new RestClusterClient<>(rest.clientConfiguration(), StandaloneClusterId.getInstance());
        FlinkJobs jobs = new FlinkJobs(rest)) {
      JobID job = client.submitJob(endlessJob()).get(60, TimeUnit.SECONDS);
      jobs.awaitRunning(job, Duration.ofSeconds(60));
      jobs.cancel(job);
    }
  }

  /**
   * Attack: anyone on loopback posts a job graph, i.e. runs any code as the cluster. Before the REST identity, a
   * plain client's submission ran (this class asserted it did); now no client without the install's key gets an answer.
   */
  @Test
  void aClientWithoutTheInstallsIdentityCannotSubmit() throws Exception {
    FlinkRest plain = FlinkRest.of(rest.address());
    try (RestClusterClient<StandaloneClusterId> client = noRetries(plain)) {
      assertThrows(ExecutionException.class, () -> client.submitJob(endlessJob()).get(60, TimeUnit.SECONDS));
    }
    assertThrows(IOException.class, () -> plain.httpClient(Duration.ofSeconds(5))
        .send(HttpRequest.newBuilder(URI.create("https://" + rest.address() + "/jobs/overview")).build(),
            HttpResponse.BodyHandlers.ofString()));
    assertNoJobRuns();
  }

  /** Attack: another install's identity (a key the cluster never saw) over TLS: the handshake is refused. */
  @Test
  void anotherInstallsIdentityCannotSubmit() throws Exception {
    FlinkRestIdentity other = new FlinkRestIdentity(keys.resolve("other"));
    other.ensure();
    FlinkRest stranger = new FlinkRest(rest.host(), rest.port(), Optional.of(other));
    try (RestClusterClient<StandaloneClusterId> client = noRetries(stranger)) {
      assertThrows(ExecutionException.class, () -> client.submitJob(endlessJob()).get(60, TimeUnit.SECONDS));
    }
    assertThrows(IOException.class, () -> stranger.httpClient(Duration.ofSeconds(5))
        .send(HttpRequest.newBuilder(rest.uri("jobs/overview")).build(), HttpResponse.BodyHandlers.ofString()));
    assertNoJobRuns();
  }

  /** A client that gives up at the first refusal (Flink's retries would only repeat it). */
  private static RestClusterClient<StandaloneClusterId> noRetries(FlinkRest endpoint) throws Exception {
    Configuration conf = endpoint.clientConfiguration();
    conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 0);
    return new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
  }

  private static void assertNoJobRuns() throws Exception {
    assertTrue(cluster.listJobs().get().stream().allMatch(job -> job.getJobState().isGloballyTerminalState()),
        "no job of a stranger runs");
  }

  private static org.apache.flink.runtime.jobgraph.JobGraph endlessJob() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(1, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
    return env.getStreamGraph().getJobGraph();
  }

  /** The REST API listens on loopback only: another address of this machine does not answer. */
  @Test
  void restAnswersOnLoopbackOnly() throws Exception {
    assertEquals("127.0.0.1", rest.host());
    List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    assumeFalse(others.isEmpty(), "this machine has no address but loopback to try");
    for (InetAddress address : others) {
      assertThrows(IOException.class, () -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, rest.port()), 2000);
        }
      }, address.toString());
    }
  }

  private static byte[] emptyJar() throws IOException {
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(jar)) {
      out.putNextEntry(new ZipEntry("empty.txt"));
    }
    return jar.toByteArray();
  }
}
