package io.cpchain.crypto.sign;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * secp256k1 ECDSA: signing with RFC 6979 nonces (HMAC-SHA256, no extra data) and low s, and public
 * key recovery (SEC 1 4.1.6 with j = 0). Two backends with the same rules and, nonces being
 * deterministic, the same signatures: libsecp256k1 through ACINQ's secp256k1-kmp JNI binding, and
 * Bouncy Castle, used where the native library cannot load. Recovery receives only a
 * {@link RecoverableSignature} that parsed (r and s in 1..n-1, s in the lower half, v in {0, 1}), so
 * the range and low-s rules are checked once, in Java, for either.
 */
interface Secp256k1Backend {

  /** The key whose signature of {@code digest} (32 bytes) this is, or null if none recovers. */
  AccountPublicKey recover(RecoverableSignature signature, byte[] digest);

  /** {@code {r, s}} of the signature of {@code digest} (32 bytes) by the secret scalar {@code d}, s low. */
  BigInteger[] sign(BigInteger d, byte[] digest);

  String name();

  /** The backend in use: the native one if it loaded, else Bouncy Castle (logged once). */
  static Secp256k1Backend active() {
    return NativeSignatures.SECP256K1;
  }

  Secp256k1Backend BOUNCY_CASTLE = new Secp256k1Backend() {
    @Override
    public AccountPublicKey recover(RecoverableSignature signature, byte[] digest) {
      BigInteger r = signature.r();
      byte[] compressedR = new byte[33];
      compressedR[0] = (byte) (signature.v() == 0 ? 0x02 : 0x03);
      System.arraycopy(Secp256k1.toBytes32(r), 0, compressedR, 1, 32);
      ECPoint bigR;
      try {
        bigR = Secp256k1.CURVE.getCurve().decodePoint(compressedR);
      } catch (IllegalArgumentException notOnCurve) {
        return null;
      }
      BigInteger n = Secp256k1.N;
      BigInteger e = new BigInteger(1, digest);
      BigInteger rInverse = r.modInverse(n);
      ECPoint q = ECAlgorithms.sumOfTwoMultiplies(Secp256k1.g(), e.negate().multiply(rInverse).mod(n),
          bigR, signature.s().multiply(rInverse).mod(n)).normalize();
      return q.isInfinity() ? null : new AccountPublicKey(q);
    }

    @Override
    public BigInteger[] sign(BigInteger d, byte[] digest) {
      ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
      signer.init(true, new ECPrivateKeyParameters(d, Secp256k1.DOMAIN));
      BigInteger[] rs = signer.generateSignature(digest);
      return new BigInteger[] {rs[0], rs[1].compareTo(Secp256k1.HALF_N) > 0 ? Secp256k1.N.subtract(rs[1]) : rs[1]};
    }

    @Override
    public String name() {
      return "bouncy-castle";
    }
  };
}
