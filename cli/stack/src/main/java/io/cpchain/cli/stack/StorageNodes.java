package io.cpchain.cli.stack;

import io.cpchain.storage.StorageCredentials;
import io.cpchain.storage.local.S3ProxyNodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    return S3ProxyNodeConfig.endpoint(stack.storagePort(node));
  }

  /** Starts node {@code node} with the stack's credentials, generating them on the stack's first start. */
  public void start(int node) {
    Path config = stack.workDir().resolve("storage/node-" + node + ".properties");
    try {
      S3ProxyNodeConfig.write(config, stack.storagePort(node), stack.workDir().resolve("storage/node-" + node),
          StorageCredentials.readOrCreate(stack.storageCredentialsFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare storage node " + node, e);
    }
    processes().get(node).startJava(List.of("-Xmx256m", "-Dlog4j2.configurationFile=classpath:cpchain-service-log4j2.xml"),
        S3ProxyNodeConfig.MAIN_CLASS, List.of("--properties", config.toString()));
  }

  /** Waits until the node answers S3 requests (an unauthenticated one is refused, which is an answer). */
  public void awaitReady(int node, Duration timeout) {
    Readiness.await("storage node " + node, processes().get(node), timeout,
        () -> Readiness.httpStatus(endpoint(node) + "/") > 0);
  }
}
