package io.cpchain.otp;

import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The backends by locator scheme: {@code file://}, {@code http(s)://} and {@code s3://<node id>/<key>}
 * (the S3 storage nodes this reader is given, by id).
 */
public final class ResourceStores {

  private final HttpClient http;
  private final Map<String, S3NodeStore> s3Nodes;

  /** Without S3 nodes: {@code s3://} locators are refused with the reason. */
  public ResourceStores() {
    this(Map.of());
  }

  public ResourceStores(Map<String, S3NodeStore> s3Nodes) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
    this.s3Nodes = Map.copyOf(s3Nodes);
  }

  /** The backend a locator names, or why none does (one line). */
  public ResourceStore open(String locator) {
    URI uri = uri(locator);
    return switch (uri.getScheme()) {
      case "file" -> new FileStore(filePath(uri, locator));
      case "http", "https" -> new HttpStore(uri, http);
      case "s3" -> new S3Store(uri.getHost(), s3Key(uri, locator), s3Node(uri, locator));
      default -> throw new IllegalArgumentException("unknown storage scheme in " + locator
          + " (file://, http://, https://)");
    };
  }

  /**
   * Puts a file's bytes on the backend {@code storage} names and returns the locator the chain will
   * record: for {@code file://DIR}, a copy at {@code DIR/<content root hex>} (written aside, then
   * moved into place, so no reader sees half of it); an HTTP origin is the owner's to fill, so its
   * locator is the object's URL as given, checked before it is registered.
   */
  public String put(String storage, Path file, ContentCommitment commitment) throws IOException {
    URI uri = uri(storage);
    if (uri.getScheme().equals("file")) {
      Path dir = filePath(uri, storage);
      Files.createDirectories(dir);
      Path target = dir.resolve(HexFormat.of().formatHex(commitment.root().toBytes()));
      Path aside = Files.createTempFile(dir, ".otp-", ".part");
      try {
        Files.copy(file, aside, StandardCopyOption.REPLACE_EXISTING);
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(aside);
      }
      return target.toUri().toString();
    }
    if (uri.getScheme().equals("s3")) {
      S3NodeStore node = s3Node(uri, storage);
      String key = HexFormat.of().formatHex(commitment.root().toBytes());
      try {
        node.putObject(key, file);
      } catch (StorageException e) {
        throw new IOException(e.getMessage(), e);
      }
      return "s3://" + uri.getHost() + "/" + key;
    }
    open(storage); // refuses what it cannot read
    return storage;
  }

  private S3NodeStore s3Node(URI uri, String locator) {
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("an s3 locator is s3://<storage node id>/<key>: " + locator);
    }
    S3NodeStore node = s3Nodes.get(uri.getHost());
    if (node == null) {
      throw new IllegalArgumentException("no storage node '" + uri.getHost() + "' for " + locator + " (this reader"
          + " knows " + (s3Nodes.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(s3Nodes.keySet())))
          + ")");
    }
    return node;
  }

  private static String s3Key(URI uri, String locator) {
    String path = uri.getPath();
    if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
      throw new IllegalArgumentException("an s3 locator is s3://<storage node id>/<key>: " + locator);
    }
    return path.substring(1);
  }

  private static Path filePath(URI uri, String locator) {
    if (uri.getAuthority() != null || uri.getPath() == null || !uri.getPath().startsWith("/")) {
      throw new IllegalArgumentException("a file locator names an absolute path, file:///dir: " + locator);
    }
    return Path.of(uri);
  }

  private static URI uri(String locator) {
    try {
      URI uri = new URI(locator);
      if (uri.getScheme() == null || !uri.isAbsolute()) {
        throw new IllegalArgumentException("a storage locator is absolute (file:///dir, https://host/path): "
            + locator);
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not a storage locator: " + locator + " (" + e.getReason() + ")");
    }
  }
}
