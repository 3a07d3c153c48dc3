package io.cpchain.cli.insurance;

import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The insurer's chain identity: the address owners' consents name as grantee. A secp256k1 account
 * key file {@code insurer.account.key} beside the HE keys, under the password in {@code password}
 * there (made on first use).
 */
public final class InsurerAccount {

  static final String NAME = "insurer.account";

  private InsurerAccount() {}

  /** The insurer's address, creating its account key in {@code dir} if it has none yet. */
  public static Address ensure(Path dir) throws IOException, GeneralSecurityException {
    char[] password = PasswordFile.readOrCreate(dir.resolve("password"));
    Path file = dir.resolve(NAME + ".key");
    if (!Files.exists(file)) {
      new KeyStore(dir).create(NAME, KeyKind.SECP256K1, password);
    }
    return KeyStore.loadAccountFile(file, password).publicKey().address();
  }
}
