package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.util.Arrays;
import org.bouncycastle.math.ec.ECPoint;

/** A chain account's secp256k1 public key; its address is the last 20 bytes of its Keccak-256. */
public final class AccountPublicKey {

  private final ECPoint point;

  AccountPublicKey(ECPoint point) {
    this.point = point;
  }

  /** Parses a SEC 1 encoding (33-byte compressed or 65-byte uncompressed); rejects off-curve and identity. */
  public static AccountPublicKey fromBytes(byte[] sec1) throws CryptoFormatException {
    if (sec1 == null || (sec1.length != 33 && sec1.length != 65)) {
      throw new CryptoFormatException("a secp256k1 public key is 33 or 65 bytes (SEC 1)");
    }
    try {
      ECPoint point = Secp256k1.CURVE.getCurve().decodePoint(sec1).normalize();
      if (point.isInfinity() || !point.isValid()) {
        throw new CryptoFormatException("not a point of secp256k1");
      }
      return new AccountPublicKey(point);
    } catch (IllegalArgumentException e) {
      throw new CryptoFormatException("not a point of secp256k1");
    }
  }

  public byte[] toCompressed() {
    return point.getEncoded(true);
  }

  public byte[] toUncompressed() {
    return point.getEncoded(false);
  }

  public Address address() {
    byte[] uncompressed = toUncompressed();
    byte[] hash = Keccak.keccak256(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
    return new Address(Arrays.copyOfRange(hash, 12, 32));
  }

  /** True if {@code signature} is this key's signature of Keccak-256 of {@code message}. */
  public boolean verify(byte[] message, RecoverableSignature signature) {
    return verify(message, signature, Secp256k1Backend.active());
  }

  boolean verify(byte[] message, RecoverableSignature signature, Secp256k1Backend backend) {
    return equals(backend.recover(signature, Keccak.keccak256(message)));
  }

  ECPoint point() {
    return point;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccountPublicKey key && point.equals(key.point);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toCompressed());
  }

  @Override
  public String toString() {
    return "AccountPublicKey(" + address().toHex() + ")";
  }
}
