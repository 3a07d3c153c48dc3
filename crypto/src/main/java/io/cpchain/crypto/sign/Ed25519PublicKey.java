package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key (RFC 8032), the identity of a device. The point is decoded and checked to
 * be of prime order once, when the key is parsed, so each verification costs only the verification:
 * libsodium's or, where it cannot load, Bouncy Castle's, by the rule {@link Ed25519Verification} states.
 */
public final class Ed25519PublicKey {

  private final byte[] encoded;
  private final Ed25519.PublicPoint point;

  private Ed25519PublicKey(byte[] encoded, Ed25519.PublicPoint point) {
    this.encoded = encoded;
    this.point = point;
  }

  /** Parses the 32-byte RFC 8032 encoding; rejects a wrong length or a point not on the curve. */
  public static Ed25519PublicKey fromBytes(byte[] encoded) throws CryptoFormatException {
    if (encoded == null || encoded.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new CryptoFormatException("an Ed25519 public key is " + Ed25519.PUBLIC_KEY_SIZE + " bytes");
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(encoded, 0);
    if (point == null) {
      throw new CryptoFormatException("not a valid Ed25519 public key");
    }
    return new Ed25519PublicKey(encoded.clone(), point);
  }

  Ed25519.PublicPoint point() {
    return point;
  }

  /** The encoding itself, not a copy: for a backend that reads it and never writes. */
  byte[] encodedView() {
    return encoded;
  }

  public byte[] toBytes() {
    return encoded.clone();
  }

  /** True if {@code signature} is this key's signature of {@code message[offset, offset+length)}. */
  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    return verify(message, offset, length, signature, Ed25519Verification.active());
  }

  boolean verify(byte[] message, int offset, int length, byte[] signature, Ed25519Verification backend) {
    if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    Objects.checkFromIndexSize(offset, length, message.length);
    return backend.verify(this, message, offset, length, signature);
  }

  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, 0, message.length, signature);
  }

  /** Lowercase hex of the first 8 bytes of SHA-256 of the encoded key: names the key in frames. */
  public String keyId() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(encoded);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey key && Arrays.equals(encoded, key.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey(" + keyId() + ")";
  }
}
