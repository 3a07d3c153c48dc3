package io.cpchain.crypto.sign;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies an Ed25519 signature (RFC 8032) under a key that parsed, by one strict rule in both
 * backends: the key A and the signature's R must each be the canonical encoding of a point of prime
 * order L (no small-order point, no small-order component, not the identity), S must be below L, and
 * {@code [S]B = R + [k]A}. With A and R of prime order the cofactored and cofactorless equations agree,
 * so libsodium's {@code crypto_sign_verify_detached} (cofactorless; rejects S >= L and small-order R
 * and A itself) and Bouncy Castle (cofactored, plus the check of R below) accept the same signatures.
 * A is checked once, when the key is parsed ({@link Ed25519PublicKey#fromBytes}).
 */
interface Ed25519Verification {

  /** True if {@code signature} (64 bytes) is the signature of {@code message[offset, offset+length)}. */
  boolean verify(Ed25519PublicKey key, byte[] message, int offset, int length, byte[] signature);

  String name();

  /** The backend in use: libsodium if it loaded, else Bouncy Castle (logged once). */
  static Ed25519Verification active() {
    return NativeSignatures.ED25519;
  }

  Ed25519Verification BOUNCY_CASTLE = new Ed25519Verification() {
    @Override
    public boolean verify(Ed25519PublicKey key, byte[] message, int offset, int length, byte[] signature) {
      return Ed25519.verify(signature, 0, key.point(), message, offset, length)
          && Ed25519.validatePublicKeyFull(signature, 0);
    }

    @Override
    public String name() {
      return "bouncy-castle";
    }
  };
}
