package io.cpchain.crypto.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
   * The password in {@code file}, first writing a random one there (owner-only permissions) if the
   * file does not exist: for keys that tools create and read unattended.
   */
  public static char[] readOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the file stays where its owner put it either way
      }
    }
    return read(file);
  }
}
