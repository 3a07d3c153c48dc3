package io.cpchain.he.keys;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.sign.SecretAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A homomorphic-encryption secret key with its encryption parameters: the analyst's (traffic) or an
 * insurer's (scores), the only key that decrypts. Its bytes are handed out only against a
 * {@link SecretAccess} token. On disk it is a crypto {@link KeyFile} of kind {@link KeyKind#SEAL}
 * (scrypt + AES-256-GCM under a password, owner-only, never overwritten): the key id is its public
 * part, readable without the password; the parameters and SEAL's serialization of the key are sealed.
 */
public final class HeSecretKey {

  private final String keyId;
  private final byte[] parameters;
  private final byte[] key;

  HeSecretKey(String keyId, byte[] parameters, byte[] key) {
    this.keyId = keyId;
    this.parameters = parameters.clone();
    this.key = key.clone();
  }

  /**
   * @throws IllegalArgumentException for a file of another kind, or an unencrypted secret key file of
   *     earlier versions (refused: see {@link #unencryptedRefusal})
   * @throws io.cpchain.crypto.keys.WrongPasswordException if the password is not the file's
   */
  public static HeSecretKey read(Path file, char[] password) throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    if (PlainKeyFile.isPlainKeyFile(bytes)) {
      throw PlainKeyFile.notASecretKey(bytes, file.toString());
    }
    KeyFile keyFile = KeyFile.read(file);
    if (keyFile.kind() != KeyKind.SEAL) {
      throw new CryptoFormatException(file + " holds a " + keyFile.kind() + " key, not an HE secret key");
    }
    byte[] sealed = keyFile.decrypt(password);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(sealed))) {
      byte[] parameters = in.readNBytes(in.readInt());
      byte[] key = in.readNBytes(in.readInt());
      HeSecretKey secretKey = new HeSecretKey(HexFormat.of().formatHex(keyFile.publicKey()), parameters, key);
      Arrays.fill(key, (byte) 0);
      return secretKey;
    } catch (IOException e) {
      throw new CryptoFormatException(file + ": the sealed HE secret key is truncated");
    } finally {
      Arrays.fill(sealed, (byte) 0);
    }
  }

  /** Writes a new key file under {@code password} at the default scrypt cost; refuses to replace one. */
  public void write(Path file, char[] password) throws IOException, GeneralSecurityException {
    write(file, password, KeyFile.DEFAULT_PARAMS);
  }

  /** With another scrypt cost: tests use cheap ones. */
  public void write(Path file, char[] password, KeyFile.ScryptParams cost) throws IOException,
      GeneralSecurityException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(parameters.length);
      out.write(parameters);
      out.writeInt(key.length);
      out.write(key);
    }
    byte[] sealed = bytes.toByteArray();
    try {
      KeyFile.write(file, KeyKind.SEAL, sealed, HexFormat.of().parseHex(keyId), password, cost);
    } finally {
      Arrays.fill(sealed, (byte) 0);
    }
  }

  /** What reading an unencrypted secret key file of earlier versions says: it is not read, and how to remake it. */
  static String unencryptedRefusal(String source) {
    return source + " is an unencrypted HE secret key file (made before secret keys were encrypted at rest) and is"
        + " not read: make new keys (an insurer's: bin/cpchain insurer keys --dir DIR; the demo remakes its own once"
        + " <work dir>/he or <work dir>/insurance is removed) and re-encrypt under them";
  }

  public String keyId() {
    return keyId;
  }

  /** SEAL's serialization of the encryption parameters (not secret). */
  public byte[] parameters() {
    return parameters.clone();
  }

  /** SEAL's serialization of the secret key: only for the holder of the access token. */
  public byte[] sealKey(SecretAccess access) {
    Objects.requireNonNull(access, "reading a secret key takes a SecretAccess token");
    return key.clone();
  }

  /** The key id only: never the key. */
  @Override
  public String toString() {
    return "HeSecretKey(" + keyId + ")";
  }
}
