package io.cpchain.crypto.keys;

/** What a key file holds. */
public enum KeyKind {
  /** A device's signing key. */
  ED25519,
  /** A chain account (owner or node): secp256k1. */
  SECP256K1,
  /** A proxy's sealing key (X25519, HPKE): kfrags reach the proxy and rest on its disk sealed to it. */
  X25519,
  /** A homomorphic-encryption secret key (Microsoft SEAL, with its parameters): an analyst's or insurer's; its key id is the public part. */
  SEAL
}
