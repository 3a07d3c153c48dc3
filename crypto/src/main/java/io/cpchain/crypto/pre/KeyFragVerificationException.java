package io.cpchain.crypto.pre;

import java.security.GeneralSecurityException;

/** A kfrag failed verification: wrong commitment, missing key, or a signature that does not verify. */
public final class KeyFragVerificationException extends GeneralSecurityException {
  public KeyFragVerificationException(String message) {
    super(message);
  }
}
