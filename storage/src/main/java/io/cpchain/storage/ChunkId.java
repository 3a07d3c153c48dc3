package io.cpchain.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A chunk's name: the SHA-256 of its bytes in lowercase hex. Same bytes, same name, on every node. */
public record ChunkId(String hex) {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ChunkId {
    if (!isChunkId(hex)) {
      throw new IllegalArgumentException("a chunk id is 64 lowercase hex digits (SHA-256), got '" + hex + "'");
    }
  }

  /** True if {@code name} is a chunk id: what a node's listing holds besides (an S3 server's own objects) is not. */
  public static boolean isChunkId(String name) {
    return name != null && SHA256_HEX.matcher(name).matches();
  }

  public static ChunkId of(byte[] content) {
    return new ChunkId(HexFormat.of().formatHex(sha256().digest(content)));
  }

  /** True if {@code content} is exactly the chunk this id names. */
  public boolean matches(byte[] content) {
    return MessageDigest.isEqual(HexFormat.of().parseHex(hex), sha256().digest(content));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return hex;
  }
}
