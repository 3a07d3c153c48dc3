package io.cpchain.cli.simulate;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The simulated fleet's owners: each has a secp256k1 key file (its Umbral key: intervals are
 * encapsulated to its public key) in {@code <work dir>/fleet/owners/<owner>.key}, all under one
 * password kept in {@code <work dir>/fleet/owners/password}, and a separate chain account key
 * ({@code <owner>.account.key}: it signs the owner's grants, consents and revocations; one key, one
 * job). They stand for the owners' own wallets;
 * a real owner's key never sits beside the pipeline. Created on first use.
 */
public final class FleetOwners {

  /** Lighter than the default: dozens of simulated owners are created at once. */
  private static final KeyFile.ScryptParams SIMULATED = new KeyFile.ScryptParams(1 << 12, 8, 1);

  private final Path dir;

  FleetOwners(Path workDir) {
    this.dir = workDir.resolve("fleet/owners");
  }

  public Path keyFile(String ownerId) {
    return dir.resolve(ownerId + ".key");
  }

  public Path passwordFile() {
    return dir.resolve("password");
  }

  public Path accountKeyFile(String ownerId) {
    return dir.resolve(ownerId + ".account.key");
  }

  /** The owner's public key, creating the owner's key file if it has none yet. */
  public UmbralPublicKey publicKey(String ownerId) {
    try {
      return UmbralPublicKey.fromBytes(KeyFile.read(ensure(ownerId)).publicKey());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read owner key " + keyFile(ownerId), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read owner key " + keyFile(ownerId) + ": " + e.getMessage(), e);
    }
  }

  public UmbralSecretKey secretKey(String ownerId) throws IOException, GeneralSecurityException {
    return KeyStore.loadOwnerFile(ensure(ownerId), password());
  }

  /** The owner's chain account, creating its key file if it has none yet. */
  public AccountPrivateKey accountKey(String ownerId) throws IOException, GeneralSecurityException {
    return KeyStore.loadAccountFile(ensure(ownerId + ".account"), password());
  }

  private Path ensure(String name) throws IOException, GeneralSecurityException {
    Path file = dir.resolve(name + ".key");
    if (!Files.exists(file)) {
      new KeyStore(dir, SIMULATED).create(name, KeyKind.SECP256K1, password());
    }
    return file;
  }

  private char[] password() throws IOException {
    return PasswordFile.readOrCreate(passwordFile());
  }
}
