package io.cpchain.crypto.keys;

import java.security.GeneralSecurityException;

/** The password does not open the key file (or the file was altered: the two cannot be told apart). */
public final class WrongPasswordException extends GeneralSecurityException {
  public WrongPasswordException(String message) {
    super(message);
  }
}
