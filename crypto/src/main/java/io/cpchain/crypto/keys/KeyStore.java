package io.cpchain.crypto.keys;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.seal.SealingKeyPair;
import io.cpchain.crypto.seal.SealingPublicKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.AccountPublicKey;
import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.crypto.sign.SecretAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Named key files in one directory ({@code <name>.key}): owner, node, device and proxy keys, encrypted at rest. */
public final class KeyStore {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** What {@code list} and {@code show-public} print: no secret. */
  public record Entry(String name, KeyKind kind, String publicKeyHex, String id) {}

  private final Path dir;
  private final KeyFile.ScryptParams params;

  public KeyStore(Path dir) {
    this(dir, KeyFile.DEFAULT_PARAMS);
  }

  /** With other scrypt costs: tests use cheap ones. */
  public KeyStore(Path dir, KeyFile.ScryptParams params) {
    this.dir = dir;
    this.params = params;
  }

  public Entry create(String name, KeyKind kind, char[] password) throws IOException, GeneralSecurityException {
    Path path = pathOf(name);
    if (Files.exists(path)) {
      throw new IllegalArgumentException("a key named '" + name + "' already exists in " + dir);
    }
    switch (kind) {
      case ED25519 -> {
        Ed25519PrivateKey key = Ed25519PrivateKey.generate();
        KeyFile.write(path, kind, key.seedBytes(SecretAccess.get()), key.publicKey().toBytes(), password, params);
      }
      case SECP256K1 -> {
        AccountPrivateKey key = AccountPrivateKey.generate();
        KeyFile.write(path, kind, key.toBytes(SecretAccess.get()), key.publicKey().toCompressed(), password, params);
      }
      case X25519 -> {
        SealingKeyPair key = SealingKeyPair.generate();
        KeyFile.write(path, kind, key.toBytes(SecretAccess.get()), key.publicKey().toBytes(), password, params);
      }
    }
    return describe(name);
  }

  public List<Entry> list() throws IOException, CryptoFormatException {
    List<Entry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".key")).sorted().toList()) {
        String name = file.getFileName().toString();
        entries.add(describe(name.substring(0, name.length() - ".key".length())));
      }
    }
    return entries;
  }

  public Entry describe(String name) throws IOException, CryptoFormatException {
    KeyFile file = open(name);
    byte[] publicKey = file.publicKey();
    String id = switch (file.kind()) {
      case ED25519 -> Ed25519PublicKey.fromBytes(publicKey).keyId();
      case SECP256K1 -> AccountPublicKey.fromBytes(publicKey).address().toHex();
      case X25519 -> SealingPublicKey.fromBytes(publicKey).keyId();
      case SEAL -> java.util.HexFormat.of().formatHex(publicKey);
    };
    return new Entry(name, file.kind(), java.util.HexFormat.of().formatHex(publicKey), id);
  }

  public Ed25519PrivateKey loadEd25519(String name, char[] password) throws IOException, GeneralSecurityException {
    return Ed25519PrivateKey.fromSeed(open(name, KeyKind.ED25519).decrypt(password));
  }

  public AccountPrivateKey loadAccount(String name, char[] password) throws IOException, GeneralSecurityException {
    return AccountPrivateKey.fromBytes(open(name, KeyKind.SECP256K1).decrypt(password));
  }

  public SealingKeyPair loadSealing(String name, char[] password) throws IOException, GeneralSecurityException {
    return SealingKeyPair.fromBytes(open(name, KeyKind.X25519).decrypt(password));
  }

  /** An account key from a key file given by its path (a job's configured signing key). */
  public static AccountPrivateKey loadAccountFile(Path file, char[] password) throws IOException,
      GeneralSecurityException {
    return AccountPrivateKey.fromBytes(secretOf(file, KeyKind.SECP256K1, password));
  }

  /**
   * An owner's secret as an Umbral key, from the owner's secp256k1 key file: Umbral works on the same
   * curve, so the public key an owner publishes is the key file's public key.
   */
  public static UmbralSecretKey loadOwnerFile(Path file, char[] password) throws IOException,
      GeneralSecurityException {
    return UmbralSecretKey.fromBytes(secretOf(file, KeyKind.SECP256K1, password));
  }

  /** A proxy's sealing key from a key file given by its path (the proxy's configured key). */
  public static SealingKeyPair loadSealingFile(Path file, char[] password) throws IOException,
      GeneralSecurityException {
    return SealingKeyPair.fromBytes(secretOf(file, KeyKind.X25519, password));
  }

  private static byte[] secretOf(Path file, KeyKind expected, char[] password) throws IOException,
      GeneralSecurityException {
    KeyFile keyFile = KeyFile.read(file);
    if (keyFile.kind() != expected) {
      throw new CryptoFormatException(file + " holds a " + keyFile.kind() + " key, not " + expected);
    }
    return keyFile.decrypt(password);
  }

  private KeyFile open(String name, KeyKind expected) throws IOException, CryptoFormatException {
    KeyFile file = open(name);
    if (file.kind() != expected) {
      throw new CryptoFormatException("key '" + name + "' is " + file.kind() + ", not " + expected);
    }
    return file;
  }

  private KeyFile open(String name) throws IOException, CryptoFormatException {
    try {
      return KeyFile.read(pathOf(name));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("no key named '" + name + "' in " + dir);
    }
  }

  private Path pathOf(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("key names are letters, digits, '.', '_' and '-', got '" + name + "'");
    }
    return dir.resolve(name + ".key");
  }
}
