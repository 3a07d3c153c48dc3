package io.cpchain.crypto.keys;

import io.cpchain.crypto.CryptoFormatException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * A secret key encrypted at rest: scrypt (RFC 7914) turns the password into an AES-256-GCM key that
 * seals the secret, with the file's kind and public key as associated data, so neither can be swapped
 * without the password noticing. The public part reads without a password. The file is a small,
 * versioned properties text.
 */
public final class KeyFile {

  /** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and a fraction of a second per unlock). */
  public static final ScryptParams DEFAULT_PARAMS = new ScryptParams(1 << 15, 8, 1);

  /** scrypt's cost parameters, as written in the file. */
  public record ScryptParams(int n, int r, int p) {
    public ScryptParams {
      if (n < 2 || Integer.bitCount(n) != 1 || r < 1 || p < 1 || n > (1 << 22) || r > 32 || p > 16) {
        throw new IllegalArgumentException("scrypt parameters out of range: N=" + n + " r=" + r + " p=" + p);
      }
    }
  }

  private static final String FORMAT = "cpchain-key-file";
  private static final int VERSION = 1;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final Path path;
  private final KeyKind kind;
  private final byte[] publicKey;
  private final ScryptParams params;
  private final byte[] salt;
  private final byte[] nonce;
  private final byte[] ciphertext;

  private KeyFile(Path path, KeyKind kind, byte[] publicKey, ScryptParams params, byte[] salt, byte[] nonce,
      byte[] ciphertext) {
    this.path = path;
    this.kind = kind;
    this.publicKey = publicKey;
    this.params = params;
    this.salt = salt;
    this.nonce = nonce;
    this.ciphertext = ciphertext;
  }

  public KeyKind kind() {
    return kind;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** Writes a new key file; refuses to replace an existing one. Owner-only permissions where supported. */
  public static void write(Path path, KeyKind kind, byte[] secret, byte[] publicKey, char[] password,
      ScryptParams params) throws IOException, GeneralSecurityException {
    byte[] salt = random(32);
    byte[] nonce = random(12);
    KeyFile file = new KeyFile(path, kind, publicKey.clone(), params, salt, nonce, null);
    byte[] sealed = file.cipher(Cipher.ENCRYPT_MODE, password).doFinal(secret);
    Properties p = new Properties();
    p.setProperty("format", FORMAT);
    p.setProperty("version", Integer.toString(VERSION));
    p.setProperty("kind", kind.name().toLowerCase());
    p.setProperty("public", HEX.formatHex(publicKey));
    p.setProperty("kdf", "scrypt");
    p.setProperty("kdf.n", Integer.toString(params.n()));
    p.setProperty("kdf.r", Integer.toString(params.r()));
    p.setProperty("kdf.p", Integer.toString(params.p()));
    p.setProperty("kdf.salt", HEX.formatHex(salt));
    p.setProperty("cipher", "AES-256-GCM");
    p.setProperty("nonce", HEX.formatHex(nonce));
    p.setProperty("ciphertext", HEX.formatHex(sealed));
    StringWriter text = new StringWriter();
    p.store(text, "encrypted key: scrypt + AES-256-GCM");
    SecretFile.create(path, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Reads a key file's public part; no password needed. */
  public static KeyFile read(Path path) throws IOException, CryptoFormatException {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(reader);
    }
    try {
      if (!FORMAT.equals(p.getProperty("format")) || !Integer.toString(VERSION).equals(p.getProperty("version"))
          || !"scrypt".equals(p.getProperty("kdf")) || !"AES-256-GCM".equals(p.getProperty("cipher"))) {
        throw new CryptoFormatException(path + " is not a cpchain key file of version " + VERSION);
      }
      KeyKind kind = KeyKind.valueOf(required(p, "kind").toUpperCase());
      ScryptParams params = new ScryptParams(Integer.parseInt(required(p, "kdf.n")),
          Integer.parseInt(required(p, "kdf.r")), Integer.parseInt(required(p, "kdf.p")));
      return new KeyFile(path, kind, HEX.parseHex(required(p, "public")), params, HEX.parseHex(required(p, "kdf.salt")),
          HEX.parseHex(required(p, "nonce")), HEX.parseHex(required(p, "ciphertext")));
    } catch (IllegalArgumentException e) {
      throw new CryptoFormatException(path + " is malformed: " + e.getMessage());
    }
  }

  /** The secret key bytes, if the password is right. */
  public byte[] decrypt(char[] password) throws GeneralSecurityException {
    try {
      return cipher(Cipher.DECRYPT_MODE, password).doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw new WrongPasswordException("wrong password for key file " + path.getFileName());
    }
  }

  private Cipher cipher(int mode, char[] password) throws GeneralSecurityException {
    byte[] passwordBytes = new String(password).getBytes(StandardCharsets.UTF_8);
    byte[] key = SCrypt.generate(passwordBytes, salt, params.n(), params.r(), params.p(), 32);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    gcm.updateAAD((FORMAT + "|" + VERSION + "|" + kind + "|" + HEX.formatHex(publicKey)).getBytes(StandardCharsets.UTF_8));
    java.util.Arrays.fill(key, (byte) 0);
    java.util.Arrays.fill(passwordBytes, (byte) 0);
    return gcm;
  }

  private static String required(Properties p, String name) {
    String value = p.getProperty(name);
    if (value == null) {
      throw new IllegalArgumentException("missing " + name);
    }
    return value;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
