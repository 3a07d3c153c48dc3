package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A proxy's re-encryption of a capsule with one kfrag: E1 = E·rk, V1 = V·rk, with a proof that the
 * same rk committed in the kfrag was used (a Chaum-Pedersen style proof over E, V and U) and the
 * delegator's signature for the receiver. Wire format: the reference's {@code toBytes}, MessagePack
 * [E1, V1, kfrag id, precursor, [E2, V2, commitment U1, U2, z, kfrag signature]].
 */
public final class CapsuleFrag {

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
    return new MsgPack.Writer().array(5).bin(Curve.encode(e1)).bin(Curve.encode(v1)).bin(kfragId)
        .bin(Curve.encode(precursor)).array(6).bin(Curve.encode(e2)).bin(Curve.encode(v2))
        .bin(Curve.encode(commitment)).bin(Curve.encode(pok)).bin(Curve.encode(z)).bin(kfragSignature).bytes();
  }

  public static CapsuleFrag fromBytes(byte[] bytes) throws CryptoFormatException {
    MsgPack.Reader in = new MsgPack.Reader(bytes, "cfrag");
    in.array(5);
    ECPoint e1 = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag E1");
    ECPoint v1 = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag V1");
    byte[] kfragId = Curve.take(in.bin(KeyFrag.ID_SIZE), KeyFrag.ID_SIZE, "cfrag kfrag id");
    ECPoint precursor = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag precursor");
    in.array(6);
    ECPoint e2 = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag E2");
    ECPoint v2 = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag V2");
    ECPoint commitment = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag commitment");
    ECPoint pok = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "cfrag U2");
    BigInteger z = Curve.decodeScalar(in.bin(Curve.SCALAR_SIZE), "cfrag z");
    byte[] signature = Curve.take(in.bin(64), 64, "cfrag kfrag signature");
    in.end();
    return new CapsuleFrag(e1, v1, kfragId, precursor, e2, v2, commitment, pok, z, signature);
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
