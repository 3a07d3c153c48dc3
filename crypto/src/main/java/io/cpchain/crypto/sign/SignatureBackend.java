package io.cpchain.crypto.sign;

import java.security.GeneralSecurityException;

/**
 * The implementations that check signatures, for benchmarks and diagnostics: production code calls
 * {@link RecoverableSignature#recover}, {@link AccountPublicKey#verify} and
 * {@link Ed25519PublicKey#verify}, which use the native library where it loads and Bouncy Castle
 * where it does not. Both enforce the same rules ({@link Secp256k1Backend}, {@link Ed25519Verification}).
 */
public enum SignatureBackend {
  /** libsecp256k1 (secp256k1-kmp) and libsodium (lazysodium); unusable where they did not load. */
  NATIVE,
  /** Bouncy Castle, the fallback. */
  BOUNCY_CASTLE;

  /** What checks signatures in this JVM, e.g. "secp256k1: libsecp256k1, Ed25519: libsodium". */
  public static String inUse() {
    return "secp256k1: " + Secp256k1Backend.active().name() + ", Ed25519: " + Ed25519Verification.active().name();
  }

  /** {@link RecoverableSignature#recover} through this backend. */
  public AccountPublicKey recover(RecoverableSignature signature, byte[] message) throws GeneralSecurityException {
    return signature.recover(message, secp256k1());
  }

  /** {@link Ed25519PublicKey#verify(byte[], byte[])} through this backend. */
  public boolean verify(Ed25519PublicKey key, byte[] message, byte[] signature) {
    return key.verify(message, 0, message.length, signature, ed25519());
  }

  private Secp256k1Backend secp256k1() {
    return this == BOUNCY_CASTLE ? Secp256k1Backend.BOUNCY_CASTLE
        : requireLoaded(Secp256k1Backend.active(), Secp256k1Backend.BOUNCY_CASTLE, "libsecp256k1");
  }

  private Ed25519Verification ed25519() {
    return this == BOUNCY_CASTLE ? Ed25519Verification.BOUNCY_CASTLE
        : requireLoaded(Ed25519Verification.active(), Ed25519Verification.BOUNCY_CASTLE, "libsodium");
  }

  private static <T> T requireLoaded(T active, T fallback, String library) {
    if (active == fallback) {
      throw new IllegalStateException(library + " did not load in this JVM (see the warning at start)");
    }
    return active;
  }
}
