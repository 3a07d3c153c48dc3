package io.cpchain.otp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;

/** The backends by locator scheme: {@code file://} and {@code http(s)://} (S3 comes next). */
public final class ResourceStores {

  private final HttpClient http;

  public ResourceStores() {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The backend a locator names, or why none does (one line). */
  public ResourceStore open(String locator) {
    URI uri = uri(locator);
    return switch (uri.getScheme()) {
      case "file" -> new FileStore(filePath(uri, locator));
      case "http", "https" -> new HttpStore(uri, http);
      case "s3" -> throw new IllegalArgumentException("s3:// locators are not read by otp yet: " + locator);
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
    open(storage); // refuses what it cannot read
    return storage;
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
