package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One share of a re-encryption key, for one proxy: its id, the share {@code rk}, the precursor of the
 * delegation, a commitment {@code U·rk} and the delegator's signatures over them. A proxy must
 * {@link #verify} it before use; a grantee later checks the signature carried into each capsule
 * fragment.
 */
public final class KeyFrag {

  static final int ID_SIZE = 32;
  public static final int SIZE = ID_SIZE + Curve.SCALAR_SIZE + 2 * Curve.POINT_SIZE + 2 * 64 + 2;

  final byte[] id;
  final BigInteger key;
  final ECPoint precursor;
  final ECPoint commitment;
  final byte[] signatureForProxy;
  final byte[] signatureForReceiver;
  final boolean delegatingKeySigned;
  final boolean receivingKeySigned;

  KeyFrag(byte[] id, BigInteger key, ECPoint precursor, ECPoint commitment, byte[] signatureForProxy,
      byte[] signatureForReceiver, boolean delegatingKeySigned, boolean receivingKeySigned) {
    this.id = id.clone();
    this.key = key;
    this.precursor = precursor.normalize();
    this.commitment = commitment.normalize();
    this.signatureForProxy = signatureForProxy.clone();
    this.signatureForReceiver = signatureForReceiver.clone();
    this.delegatingKeySigned = delegatingKeySigned;
    this.receivingKeySigned = receivingKeySigned;
  }

  /**
   * Checks the commitment and the delegator's signature. Pass the delegating and receiving keys when
   * the kfrag says they were signed; {@code null} otherwise.
   */
  public VerifiedKeyFrag verify(UmbralPublicKey verifyingKey, UmbralPublicKey delegatingKey,
      UmbralPublicKey receivingKey) throws KeyFragVerificationException {
    if (!Curve.U.multiply(key).normalize().equals(commitment)) {
      throw new KeyFragVerificationException("kfrag commitment does not match its key share");
    }
    if (delegatingKeySigned && delegatingKey == null) {
      throw new KeyFragVerificationException("kfrag signs the delegating key, which was not given");
    }
    if (receivingKeySigned && receivingKey == null) {
      throw new KeyFragVerificationException("kfrag signs the receiving key, which was not given");
    }
    byte[] message = signatureMessage(id, commitment, precursor, delegatingKeySigned ? delegatingKey : null,
        receivingKeySigned ? receivingKey : null);
    if (!UmbralSigner.verify(verifyingKey, message, signatureForProxy)) {
      throw new KeyFragVerificationException("kfrag signature does not verify");
    }
    return new VerifiedKeyFrag(this);
  }

  /** The reference's kfrag signature message: id, commitment, precursor, then each key flagged. */
  static byte[] signatureMessage(byte[] id, ECPoint commitment, ECPoint precursor, UmbralPublicKey delegatingKey,
      UmbralPublicKey receivingKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(id);
    out.writeBytes(Curve.encode(commitment));
    out.writeBytes(Curve.encode(precursor));
    for (UmbralPublicKey key : new UmbralPublicKey[] {delegatingKey, receivingKey}) {
      if (key == null) {
        out.write(0);
      } else {
        out.write(1);
        out.writeBytes(key.toBytes());
      }
    }
    return out.toByteArray();
  }

  /** id, key share, precursor, commitment, signature for the proxy, for the receiver, two flags. */
  public byte[] toBytes() {
    return ByteBuffer.allocate(SIZE).put(id).put(Curve.encode(key)).put(Curve.encode(precursor))
        .put(Curve.encode(commitment)).put(signatureForProxy).put(signatureForReceiver)
        .put((byte) (delegatingKeySigned ? 1 : 0)).put((byte) (receivingKeySigned ? 1 : 0)).array();
  }

  public static KeyFrag fromBytes(byte[] bytes) throws CryptoFormatException {
    if (bytes == null || bytes.length != SIZE) {
      throw new CryptoFormatException("a kfrag is " + SIZE + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte[] id = Curve.take(in, ID_SIZE, "kfrag id");
    BigInteger key = Curve.decodeScalar(in, "kfrag key");
    ECPoint precursor = Curve.decodePoint(in, "kfrag precursor");
    ECPoint commitment = Curve.decodePoint(in, "kfrag commitment");
    byte[] forProxy = UmbralSigner.checkSignatureBytes(in, "kfrag signature");
    byte[] forReceiver = UmbralSigner.checkSignatureBytes(in, "kfrag signature");
    return new KeyFrag(id, key, precursor, commitment, forProxy, forReceiver, flag(in), flag(in));
  }

  private static boolean flag(ByteBuffer in) throws CryptoFormatException {
    byte b = in.get();
    if (b != 0 && b != 1) {
      throw new CryptoFormatException("kfrag flag must be 0 or 1");
    }
    return b == 1;
  }

  public String id() {
    return HexFormat.of().formatHex(id);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KeyFrag k && Arrays.equals(toBytes(), k.toBytes());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(id);
  }

  @Override
  public String toString() {
    return "KeyFrag(" + id().substring(0, 16) + ")";
  }
}
