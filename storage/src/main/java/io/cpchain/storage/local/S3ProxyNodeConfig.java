package io.cpchain.storage.local;

import io.cpchain.crypto.keys.SecretFile;
import io.cpchain.storage.StorageCredentials;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

  /** Writes the node's properties file (owner-only: it holds the credentials) and creates its data directory. */
  public static void write(Path file, int port, Path dataDir, StorageCredentials credentials) throws IOException {
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", endpoint(port));
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", credentials.accessKey());
    p.setProperty("s3proxy.credential", credentials.secretKey());
    p.setProperty("jclouds.provider", "filesystem-nio2");
    p.setProperty("jclouds.identity", credentials.accessKey());
    p.setProperty("jclouds.credential", credentials.secretKey());
    p.setProperty("jclouds.filesystem.basedir", dataDir.toString());
    Files.createDirectories(dataDir);
    StringWriter text = new StringWriter();
    p.store(text, "s3proxy storage node on port " + port);
    SecretFile.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }
}
