package io.cpchain.cli.he;

import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.he.keys.HeSecretKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The passwords of HE secret key files (the analyst's, an insurer's): from {@code --password-file}
 * if given, else as the tools that make the keys keep them, in a file {@code password} beside them.
 */
public final class HeKeyPasswords {

  /** The password file a key directory's tools make on first use (the insurer's account key shares it). */
  public static final String FILE = "password";

  /** What the options' descriptions say of reading a key. */
  public static final String READ_DEFAULT = "default: $" + KeysCommand.PASSWORD_ENV + ", else the file '" + FILE
      + "' beside the key";

  private HeKeyPasswords() {}

  /** The secret key in {@code keyFile}: its password from {@code passwordFile}, $CPCHAIN_KEY_PASSWORD, or beside it. */
  public static HeSecretKey read(Path keyFile, Path passwordFile) throws IOException, GeneralSecurityException {
    return HeSecretKey.read(keyFile, password(keyFile, passwordFile));
  }

  private static char[] password(Path keyFile, Path passwordFile) throws IOException {
    if (passwordFile != null) {
      return PasswordFile.read(passwordFile);
    }
    String fromEnv = System.getenv(KeysCommand.PASSWORD_ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv.toCharArray();
    }
    Path beside = keyFile.toAbsolutePath().resolveSibling(FILE);
    if (Files.isRegularFile(beside)) {
      return PasswordFile.read(beside);
    }
    throw new IllegalArgumentException("no password for " + keyFile + ": give --password-file, set $"
        + KeysCommand.PASSWORD_ENV + ", or keep it in " + beside);
  }

  /** The password a new key in {@code dir} is written under: {@code passwordFile}'s, else {@code dir/password} (made if absent). */
  public static char[] forNewKey(Path dir, Path passwordFile) throws IOException {
    return passwordFile != null ? PasswordFile.read(passwordFile) : PasswordFile.readOrCreate(dir.resolve(FILE));
  }
}
