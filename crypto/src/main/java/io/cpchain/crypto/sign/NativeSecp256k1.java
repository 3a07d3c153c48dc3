package io.cpchain.crypto.sign;

import fr.acinq.secp256k1.Secp256k1Exception;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * libsecp256k1's {@code secp256k1_ecdsa_sign} (RFC 6979 nonces, low s) and
 * {@code secp256k1_ecdsa_recover} through secp256k1-kmp's JNI binding.
 */
final class NativeSecp256k1 implements Secp256k1Backend {

  private final fr.acinq.secp256k1.Secp256k1 library;

  /** Loads the native library; throws (a {@link LinkageError} or a runtime exception) if it cannot. */
  NativeSecp256k1() {
    this.library = fr.acinq.secp256k1.Secp256k1.get();
  }

  @Override
  public AccountPublicKey recover(RecoverableSignature signature, byte[] digest) {
    byte[] rs = new byte[64];
    System.arraycopy(Secp256k1.toBytes32(signature.r()), 0, rs, 0, 32);
    System.arraycopy(Secp256k1.toBytes32(signature.s()), 0, rs, 32, 32);
    byte[] uncompressed;
    try {
      uncompressed = library.ecdsaRecover(rs, digest, signature.v());
    } catch (Secp256k1Exception noKey) {
      return null;
    }
    return new AccountPublicKey(Secp256k1.CURVE.getCurve().decodePoint(uncompressed));
  }

  @Override
  public BigInteger[] sign(BigInteger d, byte[] digest) {
    byte[] rs = library.sign(digest, Secp256k1.toBytes32(d));
    return new BigInteger[] {new BigInteger(1, Arrays.copyOfRange(rs, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(rs, 32, 64))};
  }

  @Override
  public String name() {
    return "libsecp256k1";
  }
}
