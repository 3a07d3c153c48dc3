package io.cpchain.crypto.pre;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Signs key fragments, as the reference's {@code Signer}: ECDSA over secp256k1 of SHA-256(message),
 * deterministic nonces (RFC 6979) and low {@code s}; signatures are {@code r || s}, 64 bytes.
 */
public final class UmbralSigner {

  static final ECDomainParameters DOMAIN = new ECDomainParameters(Curve.PARAMS.getCurve(), Curve.PARAMS.getG(),
      Curve.N, Curve.PARAMS.getH());
  private static final BigInteger HALF_N = Curve.N.shiftRight(1);

  private final UmbralSecretKey key;

  public UmbralSigner(UmbralSecretKey key) {
    this.key = key;
  }

  public UmbralPublicKey verifyingKey() {
    return key.publicKey();
  }

  public byte[] sign(byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(key.scalar(), DOMAIN));
    BigInteger[] rs = signer.generateSignature(Curve.sha256().digest(message));
    BigInteger s = rs[1].compareTo(HALF_N) > 0 ? Curve.N.subtract(rs[1]) : rs[1];
    return ByteBuffer.allocate(64).put(Curve.encode(rs[0])).put(Curve.encode(s)).array();
  }

  /** True if {@code signature} (r || s, low s) is the key's signature of SHA-256(message). */
  static boolean verify(UmbralPublicKey key, byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature, 32, 64));
    if (s.compareTo(HALF_N) > 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(key.point(), DOMAIN));
    return verifier.verifySignature(Curve.sha256().digest(message), r, s);
  }
}
