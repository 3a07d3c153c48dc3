package io.cpchain.he.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A homomorphic-encryption public key with its encryption parameters, both in SEAL's serialization:
 * what every gateway encrypts under. Kept as a plain file ({@link PlainKeyFile}, kind 'P').
 */
public final class HePublicKey extends PlainKey {

  private final byte[] key;

  HePublicKey(byte[] parameters, byte[] key) {
    super(keyIdOf(key), parameters);
    this.key = key.clone();
  }

  /** Hex of the first 16 bytes of SHA-256 over the public key's SEAL serialization. */
  public static String keyIdOf(byte[] publicKey) {
    try {
      return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(publicKey), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  public static HePublicKey read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** @throws IllegalArgumentException if {@code fileBytes} are not a public key file */
  public static HePublicKey parse(byte[] fileBytes, String source) {
    PlainKeyFile.Contents file = PlainKeyFile.decode(fileBytes, source, PlainKeyFile.PUBLIC);
    HePublicKey publicKey = new HePublicKey(file.parameters(), file.key());
    if (!publicKey.keyId().equals(file.keyId())) {
      throw new IllegalArgumentException(source + ": the key id does not match the key");
    }
    return publicKey;
  }

  @Override
  public byte[] toBytes() {
    return PlainKeyFile.encode(PlainKeyFile.PUBLIC, keyId(), parameters(), key);
  }

  /** SEAL's serialization of the public key. */
  public byte[] sealKey() {
    return key.clone();
  }
}
