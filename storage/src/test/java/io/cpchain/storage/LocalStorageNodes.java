package io.cpchain.storage;

import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.storage.local.S3ProxyNodeConfig;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Real s3proxy storage nodes for tests, each its own process on a free loopback port, keeping its
 * objects in a directory (the filesystem backend, as the local stack's nodes) or, from
 * {@link #inMemory}, in memory (s3proxy's transient backend).
 */
public final class LocalStorageNodes implements AutoCloseable {

  private final Path dir;
  private final boolean inMemory;
  private final StorageCredentials credentials = StorageCredentials.generate();
  private final List<Integer> ports = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  public LocalStorageNodes(Path dir, int count) throws Exception {
    this(dir, count, false);
  }

  public static LocalStorageNodes inMemory(Path dir, int count) throws Exception {
    return new LocalStorageNodes(dir, count, true);
  }

  private LocalStorageNodes(Path dir, int count, boolean inMemory) throws Exception {
    this.dir = dir;
    this.inMemory = inMemory;
    credentials.writeNew(credentialsFile());
    for (int i = 0; i < count; i++) {
      ports.add(freePort());
      processes.add(null);
    }
    for (int i = 0; i < count; i++) {
      start(i);
    }
    for (int i = 0; i < count; i++) {
      awaitReady(i);
    }
  }

  public List<NodeStore> stores() {
    List<NodeStore> stores = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      stores.add(new S3NodeStore(node(i), credentials));
    }
    return stores;
  }

  public StorageCredentials credentials() {
    return credentials;
  }

  /** The nodes' credentials, as a job's {@code storage-credentials-file} names them. */
  public Path credentialsFile() {
    return dir.resolve("storage-credentials.properties");
  }

  /** The nodes as a job's configuration lists them: {@code node-i=http://127.0.0.1:port}. */
  public List<StorageNode> nodes() {
    List<StorageNode> nodes = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      nodes.add(node(i));
    }
    return nodes;
  }

  StorageNode node(int i) {
    return new StorageNode("node-" + i, URI.create(S3ProxyNodeConfig.endpoint(ports.get(i))));
  }

  public int indexOf(String nodeId) {
    return Integer.parseInt(nodeId.substring("node-".length()));
  }

  /** The file in which node {@code i} keeps a chunk (filesystem backend: base dir / bucket / object). */
  public Path fileOf(int i, ChunkId chunk) {
    return dataDir(i).resolve(node(i).bucket()).resolve(chunk.hex());
  }

  public void start(int i) throws IOException {
    Path config = dir.resolve("node-" + i + ".properties");
    S3ProxyNodeConfig.write(config, ports.get(i), dataDir(i), credentials);
    if (inMemory) {
      Properties p = new Properties();
      try (Reader reader = Files.newBufferedReader(config)) {
        p.load(reader);
      }
      p.setProperty("jclouds.provider", "transient");
      p.remove("jclouds.filesystem.basedir");
      StringWriter text = new StringWriter();
      p.store(text, "in memory");
      SecretFile.replace(config, text.toString().getBytes(StandardCharsets.UTF_8));
    }
    processes.set(i, new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), S3ProxyNodeConfig.MAIN_CLASS,
        "--properties", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("node-" + i + ".log").toFile())
        .redirectInput(new File("/dev/null")).start());
  }

  public boolean isRunning(int i) {
    return processes.get(i) != null && processes.get(i).isAlive();
  }

  public void stop(int i) throws InterruptedException {
    Process process = processes.get(i);
    process.destroy();
    process.waitFor();
  }

  public void awaitReady(int i) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try {
        http.send(HttpRequest.newBuilder(node(i).endpoint()).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !processes.get(i).isAlive()) {
          throw new IllegalStateException("storage node " + i + " did not start; see " + dir);
        }
        Thread.sleep(200);
      }
    }
  }

  public Path dataDir(int i) {
    return dir.resolve("node-" + i);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        process.destroy();
        process.waitFor();
      }
    }
  }
}
