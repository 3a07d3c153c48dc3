package io.cpchain.storage;

import io.cpchain.crypto.keys.SecretFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * The S3 access key and secret key of the storage nodes, kept in an owner-only file ({@code access-key} and
 * {@code secret-key} properties) that the nodes and every client read: never a constant, never an argument.
 */
public record StorageCredentials(String accessKey, String secretKey) {

  public StorageCredentials {
    if (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank()) {
      throw new IllegalArgumentException("storage credentials need an access key and a secret key");
    }
  }

  /** New random credentials, for one install. */
  public static StorageCredentials generate() {
    SecureRandom random = new SecureRandom();
    return new StorageCredentials("cpchain-" + hex(random, 8), hex(random, 32));
  }

  /** Reads {@code file}; refuses one that others may read. */
  public static StorageCredentials read(Path file) throws IOException {
    Properties p = new Properties();
    try {
      SecretFile.requireOwnerOnly(file);
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(reader);
      }
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null, "no storage credentials file");
    }
    try {
      return new StorageCredentials(p.getProperty("access-key"), p.getProperty("secret-key"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage() + " (properties access-key, secret-key)");
    }
  }

  /** The credentials in {@code file}, first writing new random ones there if it does not exist. */
  public static StorageCredentials readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      try {
        generate().writeNew(file);
      } catch (FileAlreadyExistsException raced) {
        // another process created them first: both use those
      }
    }
    return read(file);
  }

  /** Writes them to a new owner-only {@code file}. */
  public void writeNew(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("access-key", accessKey);
    p.setProperty("secret-key", secretKey);
    StringWriter text = new StringWriter();
    p.store(text, "S3 credentials of the storage nodes: keep owner-only");
    SecretFile.create(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Without the secret key: records end up in logs. */
  @Override
  public String toString() {
    return "StorageCredentials[accessKey=" + accessKey + ", secretKey=***]";
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
