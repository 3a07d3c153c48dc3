package io.cpchain.crypto;

import java.security.GeneralSecurityException;

/** Bytes that claim to be a key, signature or ciphertext and are not one: wrong length, invalid encoding. */
public final class CryptoFormatException extends GeneralSecurityException {
  public CryptoFormatException(String message) {
    super(message);
  }
}
