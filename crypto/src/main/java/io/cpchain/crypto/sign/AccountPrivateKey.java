package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * A chain account's secp256k1 key. Signs the Keccak-256 of a message with ECDSA, deterministic
 * nonces (RFC 6979, HMAC-SHA256) and low {@code s}, with the recovery id Ethereum uses, so the
 * signer's public key (and address) can be recovered from a signature. Signing goes through
 * libsecp256k1 where it loads, else Bouncy Castle: the same signature either way ({@link Secp256k1Backend}).
 */
public final class AccountPrivateKey {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final BigInteger d;
  private final AccountPublicKey publicKey;

  private AccountPrivateKey(BigInteger d) {
    this.d = d;
    this.publicKey = new AccountPublicKey(new FixedPointCombMultiplier().multiply(Secp256k1.g(), d).normalize());
  }

  public static AccountPrivateKey generate() {
    while (true) {
      BigInteger d = new BigInteger(256, RANDOM);
      if (d.signum() > 0 && d.compareTo(Secp256k1.N) < 0) {
        return new AccountPrivateKey(d);
      }
    }
  }

  /** The key of a 32-byte big-endian scalar {@code 0 < d < n}. */
  public static AccountPrivateKey fromBytes(byte[] scalar) throws CryptoFormatException {
    if (scalar == null || scalar.length != 32) {
      throw new CryptoFormatException("a secp256k1 private key is 32 bytes");
    }
    BigInteger d = new BigInteger(1, scalar);
    if (d.signum() == 0 || d.compareTo(Secp256k1.N) >= 0) {
      throw new CryptoFormatException("a secp256k1 private key must be in 1..n-1");
    }
    return new AccountPrivateKey(d);
  }

  public AccountPublicKey publicKey() {
    return publicKey;
  }

  /** Signs Keccak-256 of the message. */
  public RecoverableSignature sign(byte[] message) {
    return signDigest(Keccak.keccak256(message));
  }

  public RecoverableSignature signDigest(byte[] digest) {
    return signDigest(digest, Secp256k1Backend.active());
  }

  RecoverableSignature signDigest(byte[] digest, Secp256k1Backend backend) {
    if (digest == null || digest.length != 32) {
      throw new IllegalArgumentException("a digest to sign is 32 bytes");
    }
    BigInteger[] rs = backend.sign(d, digest);
    for (int v = 0; v < 2; v++) {
      RecoverableSignature candidate = new RecoverableSignature(rs[0], rs[1], v);
      if (publicKey.equals(backend.recover(candidate, digest))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no recovery id reproduces the signer's key");
  }

  public byte[] toBytes(SecretAccess access) {
    if (access == null) {
      throw new NullPointerException("secret access token required");
    }
    return Secp256k1.toBytes32(d);
  }

  @Override
  public String toString() {
    return "AccountPrivateKey(" + publicKey.address().toHex() + ")";
  }
}
