package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import io.cpchain.cli.jobs.FlinkJobs;
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
  private static MiniCluster cluster;
  private static URI rest;

  @BeforeAll
  static void start() throws Exception {
    cluster = FlinkClusterMain.cluster(Path.of("../../flink-conf/cluster"), 0, checkpoints);
    cluster.start();
    rest = cluster.getRestAddress().get();
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
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest.resolve("/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode(), response.body());
    assertEquals("{\"errors\":[\"POST request not allowed\"]}", response.body());
  }

  /** What bin/cpchain does instead: a job graph (with its jars) posted to /jobs, which stays open. */
  @Test
  void aJobGraphIsStillSubmittedOverRest() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromSequence(1, Long.MAX_VALUE).sinkTo(new DiscardingSink<>());
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, rest.getHost());
    conf.set(RestOptions.PORT, rest.getPort());
    try (RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
        FlinkJobs jobs = new FlinkJobs(rest.getHost() + ":" + rest.getPort())) {
      JobID job = client.submitJob(env.getStreamGraph().getJobGraph()).get(60, TimeUnit.SECONDS);
      jobs.awaitRunning(job, Duration.ofSeconds(60));
      jobs.cancel(job);
    }
  }

  /** The REST API listens on loopback only: another address of this machine does not answer. */
  @Test
  void restAnswersOnLoopbackOnly() throws Exception {
    assertEquals("127.0.0.1", rest.getHost());
    List<InetAddress> others = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()).toList();
    assumeFalse(others.isEmpty(), "this machine has no address but loopback to try");
    for (InetAddress address : others) {
      assertThrows(IOException.class, () -> {
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress(address, rest.getPort()), 2000);
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
