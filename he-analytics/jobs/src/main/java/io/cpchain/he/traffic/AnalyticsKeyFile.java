package io.cpchain.he.traffic;

import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The analytics key pair as two files: the public one for every gateway that encrypts
 * contributions, the secret one for the analyst alone. Format: {@code "CPHE"}, version 1, kind
 * ('P', 'S' or 'E'), the key id (UTF), then SEAL's serialization of the encryption parameters and of
 * the key, each as a 4-byte length and the bytes. The secret file is written owner-readable only.
 */
public record AnalyticsKeyFile(Kind kind, String keyId, byte[] parameters, byte[] key) {

  /** EVALUATION: relinearisation and Galois keys, for a party that computes but never decrypts. */
  public enum Kind { PUBLIC, SECRET, EVALUATION }

  private static final int MAGIC = 0x43504845; // "CPHE"
  private static final int VERSION = 1;

  /** Generates a key pair under {@link TrafficLayout#PARAMETERS}; returns {secret, public}. */
  public static AnalyticsKeyFile[] generate() {
    try (SealEngine engine = SealEngine.start();
        SealContext context = engine.context(TrafficLayout.PARAMETERS);
        KeyGenerator generator = context.keyGenerator();
        SecretKey secretKey = generator.secretKey();
        PublicKey publicKey = generator.createPublicKey()) {
      byte[] parameters = context.saveParameters();
      byte[] publicBytes = publicKey.save();
      String keyId = keyIdOf(publicBytes);
      return new AnalyticsKeyFile[] {
          new AnalyticsKeyFile(Kind.SECRET, keyId, parameters, secretKey.save()),
          new AnalyticsKeyFile(Kind.PUBLIC, keyId, parameters, publicBytes)};
    }
  }

  /** Hex of the first 16 bytes of SHA-256 over the public key's SEAL serialization. */
  public static String keyIdOf(byte[] publicKey) {
    try {
      return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(publicKey), 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  public static AnalyticsKeyFile read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  public static AnalyticsKeyFile parse(byte[] bytes, String source) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC || in.readUnsignedByte() != VERSION) {
        throw new IllegalArgumentException(source + " is not an analytics key file");
      }
      Kind kind = switch (in.readUnsignedByte()) {
        case 'P' -> Kind.PUBLIC;
        case 'S' -> Kind.SECRET;
        case 'E' -> Kind.EVALUATION;
        default -> throw new IllegalArgumentException(source + ": unknown key kind");
      };
      String keyId = in.readUTF();
      byte[] parameters = in.readNBytes(in.readInt());
      byte[] key = in.readNBytes(in.readInt());
      return new AnalyticsKeyFile(kind, keyId, parameters, key);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is truncated: not an analytics key file");
    }
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(switch (kind) {
        case PUBLIC -> 'P';
        case SECRET -> 'S';
        case EVALUATION -> 'E';
      });
      out.writeUTF(keyId);
      out.writeInt(parameters.length);
      out.write(parameters);
      out.writeInt(key.length);
      out.write(key);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  public void write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".key", ".tmp");
    if (kind == Kind.SECRET && Files.getFileStore(temp).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    }
    Files.write(temp, toBytes());
    Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** @throws IllegalArgumentException if this is not a key of {@code expected} kind */
  public AnalyticsKeyFile require(Kind expected) {
    if (kind != expected) {
      throw new IllegalArgumentException("an analytics " + expected.name().toLowerCase() + " key is needed, this is the "
          + kind.name().toLowerCase() + " one");
    }
    return this;
  }

  @Override
  public String toString() {
    return "AnalyticsKeyFile(" + kind + ", " + keyId + ")";
  }
}
