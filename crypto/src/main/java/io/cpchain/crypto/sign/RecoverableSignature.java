package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SignatureException;

/**
 * An ECDSA secp256k1 signature with its recovery id: 65 bytes {@code r || s || v}, {@code v} in
 * {0, 1}, {@code s} in the lower half of the order (no malleable twin). The signer's public key is
 * recovered per SEC 1 section 4.1.6, by libsecp256k1 or, where it cannot load, Bouncy Castle
 * ({@link Secp256k1Backend}).
 */
public final class RecoverableSignature {

  private final BigInteger r;
  private final BigInteger s;
  private final int v;

  RecoverableSignature(BigInteger r, BigInteger s, int v) {
    this.r = r;
    this.s = s;
    this.v = v;
  }

  public static RecoverableSignature fromBytes(byte[] rsv) throws CryptoFormatException {
    if (rsv == null || rsv.length != 65) {
      throw new CryptoFormatException("a recoverable signature is 65 bytes: r, s, v");
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 32, 64));
    int v = rsv[64];
    if (r.signum() == 0 || r.compareTo(Secp256k1.N) >= 0 || s.signum() == 0) {
      throw new CryptoFormatException("signature r or s out of range");
    }
    if (s.compareTo(Secp256k1.HALF_N) > 0) {
      throw new CryptoFormatException("signature s is in the upper half of the order (malleable form)");
    }
    if (v != 0 && v != 1) {
      throw new CryptoFormatException("signature recovery id must be 0 or 1");
    }
    return new RecoverableSignature(r, s, v);
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(65).put(Secp256k1.toBytes32(r)).put(Secp256k1.toBytes32(s)).put((byte) v).array();
  }

  /** The public key whose signature of Keccak-256 of {@code message} this is. */
  public AccountPublicKey recover(byte[] message) throws GeneralSecurityException {
    return recover(message, Secp256k1Backend.active());
  }

  AccountPublicKey recover(byte[] message, Secp256k1Backend backend) throws GeneralSecurityException {
    AccountPublicKey key = backend.recover(this, Keccak.keccak256(message));
    if (key == null) {
      throw new SignatureException("no public key recovers from this signature");
    }
    return key;
  }

  BigInteger r() {
    return r;
  }

  BigInteger s() {
    return s;
  }

  int v() {
    return v;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RecoverableSignature sig && r.equals(sig.r) && s.equals(sig.s) && v == sig.v;
  }

  @Override
  public int hashCode() {
    return r.hashCode() * 31 + s.hashCode() + v;
  }
}
