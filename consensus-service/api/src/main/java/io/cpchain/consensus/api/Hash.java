package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Keccak;
import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte digest (Keccak-256 for chain objects, SHA-256 for RFC 6962 roots), compared by value. */
public final class Hash implements Comparable<Hash> {

  public static final int SIZE = 32;
  /** The "nil" value of a vote: no block. */
  public static final Hash ZERO = new Hash(new byte[SIZE]);

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Hash of(byte[] bytes) {
    if (bytes == null || bytes.length != SIZE) {
      throw new IllegalArgumentException("a hash is 32 bytes");
    }
    return new Hash(bytes.clone());
  }

  public static Hash keccak(byte[]... parts) {
    return new Hash(Keccak.keccak256(parts));
  }

  /** Parses 64 hex digits, with or without {@code 0x}. */
  public static Hash fromHex(String hex) {
    String digits = hex != null && hex.startsWith("0x") ? hex.substring(2) : hex;
    if (digits == null || digits.length() != 64) {
      throw new IllegalArgumentException("a hash is 64 hex digits");
    }
    return new Hash(HexFormat.of().parseHex(digits));
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  public String toHex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  @Override
  public int compareTo(Hash other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash hash && Arrays.equals(bytes, hash.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex().substring(0, 12);
  }
}
