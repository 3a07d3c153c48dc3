package io.cpchain.crypto.pre;

import java.security.GeneralSecurityException;

/** A cfrag failed verification: its kfrag signature or its proof of correct re-encryption. */
public final class CapsuleFragVerificationException extends GeneralSecurityException {
  public CapsuleFragVerificationException(String message) {
    super(message);
  }
}
