package io.cpchain.he.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The plain key file format of public and evaluation keys: {@code "CPHE"}, version 1, kind ('P'
 * public, 'E' evaluation), the key id (UTF), then SEAL's serialization of the encryption parameters
 * and of the key, each as a 4-byte length and the bytes. Kind 'S' was the unencrypted secret key of
 * earlier versions: recognised only to be refused.
 */
final class PlainKeyFile {

  static final char PUBLIC = 'P';
  static final char EVALUATION = 'E';
  static final char UNENCRYPTED_SECRET = 'S';

  private static final int MAGIC = 0x43504845; // "CPHE"
  private static final int VERSION = 1;

  record Contents(char kind, String keyId, byte[] parameters, byte[] key) {}

  private PlainKeyFile() {}

  static boolean isPlainKeyFile(byte[] bytes) {
    return bytes.length >= 4 && ((bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8
        | (bytes[3] & 0xff)) == MAGIC;
  }

  /** @throws IllegalArgumentException if the bytes are not a plain key file of {@code expected} kind */
  static Contents decode(byte[] bytes, String source, char expected) {
    Contents contents;
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC || in.readUnsignedByte() != VERSION) {
        throw new IllegalArgumentException(source + " is not an analytics key file");
      }
      char kind = (char) in.readUnsignedByte();
      if (kind != PUBLIC && kind != EVALUATION && kind != UNENCRYPTED_SECRET) {
        throw new IllegalArgumentException(source + ": unknown key kind");
      }
      contents = new Contents(kind, in.readUTF(), in.readNBytes(in.readInt()), in.readNBytes(in.readInt()));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + " is truncated: not an analytics key file");
    }
    if (contents.kind() == UNENCRYPTED_SECRET) {
      throw new IllegalArgumentException(HeSecretKey.unencryptedRefusal(source));
    }
    if (contents.kind() != expected) {
      throw new IllegalArgumentException("an analytics " + name(expected) + " is needed, " + source + " holds the "
          + name(contents.kind()));
    }
    return contents;
  }

  static byte[] encode(char kind, String keyId, byte[] parameters, byte[] key) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeByte(kind);
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

  /** What reading a plain key file as a secret key says: refused, whichever kind it holds. */
  static IllegalArgumentException notASecretKey(byte[] bytes, String source) {
    char kind = bytes.length > 5 ? (char) (bytes[5] & 0xff) : 0; // after the magic and the version
    return new IllegalArgumentException(kind == UNENCRYPTED_SECRET ? HeSecretKey.unencryptedRefusal(source)
        : source + " holds the " + name(kind) + ", not a secret key");
  }

  /** Replaces {@code file} at once: a reader sees the old key or the new one, never half of one. */
  static void write(Path file, byte[] bytes) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temp = Files.createTempFile(parent, ".key", ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String name(char kind) {
    return kind == PUBLIC ? "public key" : "evaluation keys";
  }
}
