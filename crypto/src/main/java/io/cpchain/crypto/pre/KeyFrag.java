package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
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

  /**
   * The reference's {@code toBytes}: MessagePack [[U], id, key share, precursor, [commitment,
   * signature for the proxy, signature for the receiver, delegating key signed, receiving key signed]].
   */
  public byte[] toBytes() {
    return new MsgPack.Writer().array(5).array(1).bin(Curve.encode(Curve.U)).bin(id).bin(Curve.encode(key))
        .bin(Curve.encode(precursor)).array(5).bin(Curve.encode(commitment)).bin(signatureForProxy)
        .bin(signatureForReceiver).bool(delegatingKeySigned).bool(receivingKeySigned).bytes();
  }

  public static KeyFrag fromBytes(byte[] bytes) throws CryptoFormatException {
    MsgPack.Reader in = new MsgPack.Reader(bytes, "kfrag");
    in.array(5);
    in.array(1);
    if (!Curve.decodePoint(in.bin(Curve.POINT_SIZE), "kfrag parameter U").equals(Curve.U.normalize())) {
      throw new CryptoFormatException("kfrag was made with other Umbral parameters");
    }
    byte[] id = Curve.take(in.bin(ID_SIZE), ID_SIZE, "kfrag id");
    BigInteger key = Curve.decodeScalar(in.bin(Curve.SCALAR_SIZE), "kfrag key");
    ECPoint precursor = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "kfrag precursor");
    in.array(5);
    ECPoint commitment = Curve.decodePoint(in.bin(Curve.POINT_SIZE), "kfrag commitment");
    byte[] forProxy = Curve.take(in.bin(64), 64, "kfrag signature");
    byte[] forReceiver = Curve.take(in.bin(64), 64, "kfrag signature");
    boolean delegatingSigned = in.bool();
    boolean receivingSigned = in.bool();
    in.end();
    return new KeyFrag(id, key, precursor, commitment, forProxy, forReceiver, delegatingSigned, receivingSigned);
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
