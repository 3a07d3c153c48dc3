package io.cpchain.crypto.pre;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Umbral threshold proxy re-encryption (Nunez, NuCypher; the scheme of rust-umbral 0.10) over
 * secp256k1, composed from Bouncy Castle's curve arithmetic. A key is encapsulated once to the
 * delegator; m of n proxies holding kfrags re-encrypt the capsule for a receiver, who opens it with
 * m verified cfrags. Proxies learn nothing of the key.
 */
public final class Umbral {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Umbral() {}

  /** A capsule and the key seed it encapsulates (33 bytes: a compressed point; hash it into a key). */
  public record Encapsulation(Capsule capsule, byte[] keySeed) {}

  public static Encapsulation encapsulate(UmbralPublicKey delegatingKey) {
    return encapsulate(delegatingKey, RANDOM);
  }

  /**
   * With the caller's randomness: {@link io.cpchain.crypto.random.DerivedRandom} makes a replayed
   * encapsulation (the same interval written again after a failure) give the same capsule and key.
   */
  public static Encapsulation encapsulate(UmbralPublicKey delegatingKey, SecureRandom random) {
    BigInteger r = Curve.randomNonZeroScalar(random);
    BigInteger u = Curve.randomNonZeroScalar(random);
    ECPoint e = Curve.mulG(r);
    ECPoint v = Curve.mulG(u);
    Capsule unsigned = new Capsule(e, v, BigInteger.ZERO);
    BigInteger s = u.add(r.multiply(unsigned.pointsHash())).mod(Curve.N);
    ECPoint shared = delegatingKey.point().multiply(r.add(u).mod(Curve.N)).normalize();
    return new Encapsulation(new Capsule(e, v, s), Curve.encode(shared));
  }

  /** A message encrypted to a public key, as the reference's {@code encrypt}. */
  public record Encrypted(Capsule capsule, byte[] ciphertext) {}

  public static Encrypted encrypt(UmbralPublicKey delegatingKey, byte[] plaintext) {
    Encapsulation encapsulation = encapsulate(delegatingKey);
    return new Encrypted(encapsulation.capsule(), UmbralDem.encrypt(encapsulation.keySeed(), plaintext,
        encapsulation.capsule().toBytesSimple()));
  }

  public static byte[] decryptOriginal(UmbralSecretKey delegatingKey, Capsule capsule, byte[] ciphertext)
      throws GeneralSecurityException {
    return UmbralDem.decrypt(decapsulateOriginal(delegatingKey, capsule), ciphertext, capsule.toBytesSimple());
  }

  public static byte[] decryptReencrypted(UmbralSecretKey receivingKey, UmbralPublicKey delegatingKey,
      Capsule capsule, List<VerifiedCapsuleFrag> cfrags, byte[] ciphertext) throws GeneralSecurityException {
    byte[] keySeed = decapsulateReencrypted(receivingKey, delegatingKey, capsule, cfrags);
    return UmbralDem.decrypt(keySeed, ciphertext, capsule.toBytesSimple());
  }

  public static byte[] decapsulateOriginal(UmbralSecretKey delegatingKey, Capsule capsule) {
    return Curve.encode(capsule.e.add(capsule.v).multiply(delegatingKey.scalar()).normalize());
  }

  /** n kfrags, any m of which re-encrypt for {@code receivingKey}; signed by {@code signer}. */
  public static List<VerifiedKeyFrag> generateKFrags(UmbralSecretKey delegatingKey, UmbralPublicKey receivingKey,
      UmbralSigner signer, int threshold, int shares, boolean signDelegatingKey, boolean signReceivingKey) {
    if (threshold < 1 || threshold > shares) {
      throw new IllegalArgumentException("need 1 <= threshold <= shares, got " + threshold + " of " + shares);
    }
    BigInteger privatePrecursor = Curve.randomNonZeroScalar();
    ECPoint precursor = Curve.mulG(privatePrecursor);
    ECPoint dh = receivingKey.point().multiply(privatePrecursor).normalize();
    BigInteger d = sharedSecret(precursor, receivingKey.point(), dh);
    List<BigInteger> coefficients = new ArrayList<>();
    coefficients.add(delegatingKey.scalar().multiply(d.modInverse(Curve.N)).mod(Curve.N));
    for (int i = 1; i < threshold; i++) {
      coefficients.add(Curve.randomNonZeroScalar());
    }
    UmbralPublicKey delegatingPublic = delegatingKey.publicKey();
    List<VerifiedKeyFrag> kfrags = new ArrayList<>();
    for (int i = 0; i < shares; i++) {
      byte[] id = new byte[KeyFrag.ID_SIZE];
      RANDOM.nextBytes(id);
      BigInteger shareIndex = polynomialArg(precursor, receivingKey.point(), dh, id);
      BigInteger rk = evaluate(coefficients, shareIndex);
      ECPoint commitment = Curve.U.multiply(rk).normalize();
      byte[] forReceiver = signer.sign(KeyFrag.signatureMessage(id, commitment, precursor, delegatingPublic,
          receivingKey));
      byte[] forProxy = signer.sign(KeyFrag.signatureMessage(id, commitment, precursor,
          signDelegatingKey ? delegatingPublic : null, signReceivingKey ? receivingKey : null));
      kfrags.add(new VerifiedKeyFrag(new KeyFrag(id, rk, precursor, commitment, forProxy, forReceiver,
          signDelegatingKey, signReceivingKey)));
    }
    return kfrags;
  }

  public static VerifiedCapsuleFrag reencrypt(Capsule capsule, VerifiedKeyFrag kfrag) {
    return new VerifiedCapsuleFrag(CapsuleFrag.reencrypt(capsule, kfrag.kfrag()));
  }

  /**
   * The receiver opens a capsule with at least m verified cfrags of one delegation. Fails if there
   * are too few (the result would not check out), if they come from different delegations, or repeat.
   */
  public static byte[] decapsulateReencrypted(UmbralSecretKey receivingKey, UmbralPublicKey delegatingKey,
      Capsule capsule, List<VerifiedCapsuleFrag> verifiedCfrags) throws GeneralSecurityException {
    if (verifiedCfrags.isEmpty()) {
      throw new AEADBadTagException("no capsule fragments");
    }
    List<CapsuleFrag> cfrags = verifiedCfrags.stream().map(VerifiedCapsuleFrag::cfrag).toList();
    ECPoint precursor = cfrags.get(0).precursor;
    if (!cfrags.stream().allMatch(c -> c.precursor.equals(precursor))) {
      throw new AEADBadTagException("capsule fragments come from different delegations");
    }
    ECPoint receivingPublic = receivingKey.publicKey().point();
    ECPoint dh = precursor.multiply(receivingKey.scalar()).normalize();
    List<BigInteger> xs = new ArrayList<>();
    Set<BigInteger> distinct = new HashSet<>();
    for (CapsuleFrag cfrag : cfrags) {
      BigInteger x = polynomialArg(precursor, receivingPublic, dh, cfrag.kfragId);
      if (!distinct.add(x)) {
        throw new AEADBadTagException("a capsule fragment is repeated");
      }
      xs.add(x);
    }
    ECPoint ePrime = Curve.PARAMS.getCurve().getInfinity();
    ECPoint vPrime = Curve.PARAMS.getCurve().getInfinity();
    for (int i = 0; i < cfrags.size(); i++) {
      BigInteger lambda = lagrangeAtZero(xs, i);
      ePrime = ePrime.add(cfrags.get(i).e1.multiply(lambda));
      vPrime = vPrime.add(cfrags.get(i).v1.multiply(lambda));
    }
    ePrime = ePrime.normalize();
    vPrime = vPrime.normalize();
    BigInteger d = sharedSecret(precursor, receivingPublic, dh);
    BigInteger h = capsule.pointsHash();
    ECPoint expected = delegatingKey.point().multiply(capsule.s.multiply(d.modInverse(Curve.N)).mod(Curve.N)).normalize();
    if (!expected.equals(ePrime.multiply(h).add(vPrime).normalize())) {
      throw new AEADBadTagException("the capsule fragments do not open this capsule (too few, or not for it)");
    }
    return Curve.encode(ePrime.add(vPrime).multiply(d).normalize());
  }

  static BigInteger sharedSecret(ECPoint precursor, ECPoint receivingKey, ECPoint dh) {
    return Curve.hashToScalar("SHARED_SECRET", Curve.encode(precursor), Curve.encode(receivingKey), Curve.encode(dh));
  }

  static BigInteger polynomialArg(ECPoint precursor, ECPoint receivingKey, ECPoint dh, byte[] kfragId) {
    return Curve.hashToScalar("POLYNOMIAL_ARG", Curve.encode(precursor), Curve.encode(receivingKey),
        Curve.encode(dh), kfragId);
  }

  /** Horner's rule, highest coefficient first, modulo n. */
  private static BigInteger evaluate(List<BigInteger> coefficients, BigInteger x) {
    BigInteger result = coefficients.get(coefficients.size() - 1);
    for (int i = coefficients.size() - 2; i >= 0; i--) {
      result = result.multiply(x).add(coefficients.get(i)).mod(Curve.N);
    }
    return result;
  }

  /** The Lagrange coefficient of point i at 0: prod over j != i of x_j / (x_j - x_i). */
  static BigInteger lagrangeAtZero(List<BigInteger> xs, int i) {
    BigInteger result = BigInteger.ONE;
    for (int j = 0; j < xs.size(); j++) {
      if (j != i) {
        BigInteger diff = xs.get(j).subtract(xs.get(i)).mod(Curve.N);
        result = result.multiply(xs.get(j)).multiply(diff.modInverse(Curve.N)).mod(Curve.N);
      }
    }
    return result;
  }
}
