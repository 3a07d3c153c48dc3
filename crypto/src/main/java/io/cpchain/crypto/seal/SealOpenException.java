package io.cpchain.crypto.seal;

import java.security.GeneralSecurityException;

/**
 * A sealed box does not open: another recipient's key, other info or associated data, or altered or
 * truncated bytes. Which one is deliberately not said.
 */
public final class SealOpenException extends GeneralSecurityException {
  public SealOpenException(String message) {
    super(message);
  }
}
