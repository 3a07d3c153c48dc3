package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A proxy's re-encryption of a capsule with one kfrag: E1 = E·rk, V1 = V·rk, with a proof that the
 * same rk committed in the kfrag was used (a Chaum-Pedersen style proof over E, V and U) and the
 * delegator's signature for the receiver. 359 bytes, the reference's "simple" layout: E1, V1, kfrag
 * id, precursor, E2, V2, commitment U1, U2, z, kfrag signature.
 */
public final class CapsuleFrag {

  public static final int SIZE = 7 * Curve.POINT_SIZE + KeyFrag.ID_SIZE + Curve.SCALAR_SIZE + 64;

  final ECPoint e1;
  final ECPoint v1;
  final byte[] kfragId;
  final ECPoint precursor;
  final ECPoint e2;
  final ECPoint v2;
  final ECPoint commitment;
  final ECPoint pok;
  final BigInteger z;
  final byte[] kfragSignature;

  CapsuleFrag(ECPoint e1, ECPoint v1, byte[] kfragId, ECPoint precursor, ECPoint e2, ECPoint v2, ECPoint commitment,
      ECPoint pok, BigInteger z, byte[] kfragSignature) {
    this.e1 = e1.normalize();
    this.v1 = v1.normalize();
    this.kfragId = kfragId.clone();
    this.precursor = precursor.normalize();
    this.e2 = e2.normalize();
    this.v2 = v2.normalize();
    this.commitment = commitment.normalize();
    this.pok = pok.normalize();
    this.z = z;
    this.kfragSignature = kfragSignature.clone();
  }

  /** Re-encrypts with a verified kfrag, with a fresh proof (the reference's {@code reencrypt}). */
  static CapsuleFrag reencrypt(Capsule capsule, KeyFrag kfrag) {
    BigInteger rk = kfrag.key;
    ECPoint e1 = capsule.e.multiply(rk).normalize();
    ECPoint v1 = capsule.v.multiply(rk).normalize();
    BigInteger t = Curve.randomNonZeroScalar();
    ECPoint e2 = capsule.e.multiply(t).normalize();
    ECPoint v2 = capsule.v.multiply(t).normalize();
    ECPoint u2 = Curve.U.multiply(t).normalize();
    BigInteger h = challenge(capsule, e1, e2, v1, v2, kfrag.commitment, u2);
    BigInteger z = rk.multiply(h).add(t).mod(Curve.N);
    return new CapsuleFrag(e1, v1, kfrag.id, kfrag.precursor, e2, v2, kfrag.commitment, u2, z,
        kfrag.signatureForReceiver);
  }

  /**
   * Checks the delegator signed this kfrag for this delegation, and that E1, V1 are E, V times the
   * committed share.
   */
  public VerifiedCapsuleFrag verify(Capsule capsule, UmbralPublicKey verifyingKey, UmbralPublicKey delegatingKey,
      UmbralPublicKey receivingKey) throws CapsuleFragVerificationException {
    byte[] message = KeyFrag.signatureMessage(kfragId, commitment, precursor, delegatingKey, receivingKey);
    if (!UmbralSigner.verify(verifyingKey, message, kfragSignature)) {
      throw new CapsuleFragVerificationException("cfrag's kfrag signature does not verify for this delegation");
    }
    BigInteger h = challenge(capsule, e1, e2, v1, v2, commitment, pok);
    boolean eOk = capsule.e.multiply(z).normalize().equals(e2.add(e1.multiply(h)).normalize());
    boolean vOk = capsule.v.multiply(z).normalize().equals(v2.add(v1.multiply(h)).normalize());
    boolean uOk = Curve.U.multiply(z).normalize().equals(pok.add(commitment.multiply(h)).normalize());
    if (!(eOk && vOk && uOk)) {
      throw new CapsuleFragVerificationException("cfrag's proof of correct re-encryption does not hold");
    }
    return new VerifiedCapsuleFrag(this);
  }

  private static BigInteger challenge(Capsule capsule, ECPoint e1, ECPoint e2, ECPoint v1, ECPoint v2, ECPoint u1,
      ECPoint u2) {
    return Curve.hashToScalar("CFRAG_VERIFICATION", Curve.encode(capsule.e), Curve.encode(e1), Curve.encode(e2),
        Curve.encode(capsule.v), Curve.encode(v1), Curve.encode(v2), Curve.encode(Curve.U), Curve.encode(u1),
        Curve.encode(u2));
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(SIZE).put(Curve.encode(e1)).put(Curve.encode(v1)).put(kfragId)
        .put(Curve.encode(precursor)).put(Curve.encode(e2)).put(Curve.encode(v2)).put(Curve.encode(commitment))
        .put(Curve.encode(pok)).put(Curve.encode(z)).put(kfragSignature).array();
  }

  public static CapsuleFrag fromBytes(byte[] bytes) throws CryptoFormatException {
    if (bytes == null || bytes.length != SIZE) {
      throw new CryptoFormatException("a cfrag is " + SIZE + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    return new CapsuleFrag(Curve.decodePoint(in, "cfrag E1"), Curve.decodePoint(in, "cfrag V1"),
        Curve.take(in, KeyFrag.ID_SIZE, "cfrag kfrag id"), Curve.decodePoint(in, "cfrag precursor"),
        Curve.decodePoint(in, "cfrag E2"), Curve.decodePoint(in, "cfrag V2"),
        Curve.decodePoint(in, "cfrag commitment"), Curve.decodePoint(in, "cfrag U2"),
        Curve.decodeScalar(in, "cfrag z"), UmbralSigner.checkSignatureBytes(in, "cfrag kfrag signature"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CapsuleFrag c && Arrays.equals(toBytes(), c.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(kfragId);
  }
}
