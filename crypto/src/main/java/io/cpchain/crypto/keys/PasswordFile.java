package io.cpchain.crypto.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
