package io.cpchain.crypto.keys;

/** What a key file holds. */
public enum KeyKind {
  /** A device's signing key. */
  ED25519,
  /** A chain account (owner or node): secp256k1. */
  SECP256K1
}
