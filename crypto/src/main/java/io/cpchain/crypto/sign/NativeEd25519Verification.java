package io.cpchain.crypto.sign;

import com.goterl.lazysodium.Sodium;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import java.util.Arrays;

/** libsodium's {@code crypto_sign_verify_detached} through lazysodium (its bundled libsodium) over JNA. */
final class NativeEd25519Verification implements Ed25519Verification {

  private final Sodium sodium;

  /** Loads libsodium; throws (a {@link LinkageError} or a runtime exception) if it cannot. */
  NativeEd25519Verification() {
    this.sodium = new SodiumJava(LibraryLoader.Mode.PREFER_BUNDLED);
    if (sodium.sodium_init() < 0) {
      throw new IllegalStateException("sodium_init failed");
    }
  }

  @Override
  public boolean verify(Ed25519PublicKey key, byte[] message, int offset, int length, byte[] signature) {
    // The binding takes the message length, so a prefix (a frame's signed part) needs no copy.
    byte[] signed = offset == 0 ? message : Arrays.copyOfRange(message, offset, offset + length);
    return sodium.crypto_sign_verify_detached(signature, signed, length, key.encodedView()) == 0;
  }

  @Override
  public String name() {
    return "libsodium";
  }
}
