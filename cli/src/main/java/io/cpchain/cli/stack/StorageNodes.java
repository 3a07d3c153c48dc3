package io.cpchain.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The S3-compatible storage nodes: one s3proxy process per node, each on its own port and its own
 * directory (filesystem backend), as separate as nodes of a DHT on different machines would be.
 */
public final class StorageNodes {

  private final StackConfig stack;

  public StorageNodes(StackConfig stack) {
    this.stack = stack;
  }

  public List<ServiceProcess> processes() {
    List<ServiceProcess> nodes = new ArrayList<>();
    for (int i = 0; i < stack.storageNodes(); i++) {
      nodes.add(new ServiceProcess(stack, "storage-" + i));
    }
    return nodes;
  }

  public String endpoint(int node) {
    return "http://127.0.0.1:" + stack.storagePort(node);
  }

  public void start(int node) {
    Path dir = stack.workDir().resolve("storage/node-" + node);
    Path config = stack.workDir().resolve("storage/node-" + node + ".properties");
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint(node));
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", StackConfig.STORAGE_IDENTITY);
    p.setProperty("s3proxy.credential", StackConfig.STORAGE_CREDENTIAL);
    p.setProperty("jclouds.provider", "filesystem-nio2");
    p.setProperty("jclouds.identity", StackConfig.STORAGE_IDENTITY);
    p.setProperty("jclouds.credential", StackConfig.STORAGE_CREDENTIAL);
    p.setProperty("jclouds.filesystem.basedir", dir.toString());
    try {
      Files.createDirectories(dir);
      try (var writer = Files.newBufferedWriter(config)) {
        p.store(writer, "storage node " + node + ": written by bin/cpchain up");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare storage node " + node, e);
    }
    processes().get(node).startJava(List.of("-Xmx256m", "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        "org.gaul.s3proxy.Main", List.of("--properties", config.toString()));
  }

  /** Waits until the node answers S3 requests (an unauthenticated one is refused, which is an answer). */
  public void awaitReady(int node, Duration timeout) {
    Readiness.await("storage node " + node, processes().get(node), timeout,
        () -> Readiness.httpStatus(endpoint(node) + "/") > 0);
  }
}
