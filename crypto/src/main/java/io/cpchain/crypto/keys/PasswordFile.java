package io.cpchain.crypto.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** A key file's password kept in a file of its own: its first line, which must not be empty. */
public final class PasswordFile {

  private PasswordFile() {}

  public static char[] read(Path file) throws IOException {
    String first = Files.readAllLines(file).stream().findFirst().orElse("");
    if (first.isEmpty()) {
      throw new IllegalArgumentException("password file " + file + " is empty");
    }
    return first.toCharArray();
  }

  /**
   * The password in {@code file}, first writing a random one there (owner-only, see {@link SecretFile}) if
   * the file does not exist: for keys that tools create and read unattended. One that others may read is
   * refused.
   */
  public static char[] readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      try {
        SecretFile.create(file, (Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      } catch (FileAlreadyExistsException raced) {
        // another tool created it first: both use that one
      }
    }
    SecretFile.requireOwnerOnly(file);
    return read(file);
  }
}
