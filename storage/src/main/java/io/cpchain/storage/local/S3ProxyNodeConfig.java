package io.cpchain.storage.local;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The configuration of one local storage node: an s3proxy server on a loopback port, keeping its
 * objects in a directory of its own (filesystem backend). Run it with
 * {@code org.gaul.s3proxy.Main --properties <file>}.
 */
public final class S3ProxyNodeConfig {

  /** The class that serves a node, given the written file as {@code --properties}. */
  public static final String MAIN_CLASS = "org.gaul.s3proxy.Main";

  private S3ProxyNodeConfig() {}

  public static String endpoint(int port) {
    return "http://127.0.0.1:" + port;
  }

  /** Writes the node's properties file and creates its data directory. */
  public static void write(Path file, int port, Path dataDir, String identity, String credential) throws IOException {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint(port));
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", identity);
    p.setProperty("s3proxy.credential", credential);
    p.setProperty("jclouds.provider", "filesystem-nio2");
    p.setProperty("jclouds.identity", identity);
    p.setProperty("jclouds.credential", credential);
    p.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    Files.createDirectories(dataDir);
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (Writer writer = Files.newBufferedWriter(file)) {
      p.store(writer, "s3proxy storage node on port " + port);
    }
  }
}
