package io.cpchain.crypto.sign;

import java.util.function.Supplier;

/**
 * The signature backends in use, chosen once per JVM: the native library where it loads, Bouncy
 * Castle (the same rules, slower) where it does not, with one warning naming the cause.
 */
final class NativeSignatures {

  private static final System.Logger LOG = System.getLogger(NativeSignatures.class.getName());

  static final Secp256k1Backend SECP256K1 =
      load("libsecp256k1", NativeSecp256k1::new, Secp256k1Backend.BOUNCY_CASTLE);
  static final Ed25519Verification ED25519 =
      load("libsodium", NativeEd25519Verification::new, Ed25519Verification.BOUNCY_CASTLE);

  private NativeSignatures() {}

  static <T> T load(String library, Supplier<T> nativeBackend, T fallback) {
    try {
      return nativeBackend.get();
    } catch (LinkageError | RuntimeException cannotLoad) {
      Throwable cause = cannotLoad;
      while (cause.getCause() != null) {
        cause = cause.getCause();
      }
      LOG.log(System.Logger.Level.WARNING, library + " did not load (" + cause
          + "); signatures are checked with Bouncy Castle, slower, under the same rules");
      return fallback;
    }
  }
}
