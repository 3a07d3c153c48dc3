package io.cpchain.crypto.sign;

/**
 * A token that code must hold to read secret key bytes, so that every place that does so is explicit
 * and easy to find (Tink's SecretKeyAccess habit). Only key storage should need it.
 */
public final class SecretAccess {

  private static final SecretAccess INSTANCE = new SecretAccess();

  private SecretAccess() {}

  public static SecretAccess get() {
    return INSTANCE;
  }
}
