package io.cpchain.crypto.pre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class EpochKeysTest {

  private static final Duration DAY = Duration.ofDays(1);
  private static final byte[] AD = "veh-1|1700000000000|1700000060000".getBytes(StandardCharsets.UTF_8);
  private static final byte[] READINGS = "readings of epoch B".getBytes(StandardCharsets.UTF_8);

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final UmbralSigner signer = new UmbralSigner(UmbralSecretKey.generate());
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();

  @Test
  void epochsAreWholeEpochLengthsSinceTheUnixEpoch() {
    assertEquals(0, EpochKeys.epochOf(0, DAY));
    assertEquals(0, EpochKeys.epochOf(DAY.toMillis() - 1, DAY));
    assertEquals(1, EpochKeys.epochOf(DAY.toMillis(), DAY));
    assertEquals(-1, EpochKeys.epochOf(-1, DAY), "floor, not truncation");
    assertEquals(19675, EpochKeys.epochOf(1_700_000_000_000L, DAY));
    assertEquals(472_222, EpochKeys.epochOf(1_700_000_000_000L, Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> EpochKeys.epochOf(0, Duration.ZERO));
  }

  @Test
  void labelsAreUnambiguous() {
    assertNotEquals(HexFormat.of().formatHex(EpochKeys.label("veh-1", 12, 1)),
        HexFormat.of().formatHex(EpochKeys.label("veh-11", 2, 1)));
    assertArrayEquals(EpochKeys.label("veh-1", 12, 1000), EpochKeys.label("veh-1", 12, 1000));
    Set<String> labels = new HashSet<>();
    for (String device : List.of("", "a", "veh-1", "veh-1\u0000", "véh-1")) {
      for (long epoch : new long[] {0, 1, -1, 256, Long.MAX_VALUE}) {
        for (long length : new long[] {1, 3_600_000, 86_400_000}) {
          labels.add(HexFormat.of().formatHex(EpochKeys.label(device, epoch, length)));
        }
      }
    }
    assertEquals(75, labels.size());
  }

  @Property(tries = 20)
  void theCertifiedKeyIsTheOwnersEpochSecretsPublicKey(@ForAll @LongRange(min = -5, max = 100_000) long epoch) {
    EpochKeyCertificate certificate = EpochKeyCertificate.issue(owner, "owner-1", "veh-1", epoch, DAY);
    assertTrue(certificate.verify());
    assertEquals(EpochKeys.epochSecret(owner, "veh-1", epoch, DAY).publicKey(), certificate.epochKey());
    assertEquals(owner.publicKey(), certificate.ownerKey());
    assertEquals(DAY.toMillis(), certificate.epochLengthMs());
  }

  @Test
  void epochSecretsAreDeterministicAndDistinctPerOwnerDeviceEpochAndLength() {
    assertEquals(EpochKeys.epochSecret(owner, "veh-1", 19_000, DAY).publicKey(),
        EpochKeys.epochSecret(owner, "veh-1", 19_000, DAY).publicKey());
    Set<UmbralPublicKey> keys = new HashSet<>();
    keys.add(owner.publicKey());
    for (String device : List.of("veh-1", "veh-2")) {
      for (long epoch = 19_000; epoch < 19_010; epoch++) {
        keys.add(EpochKeys.epochSecret(owner, device, epoch, DAY).publicKey());
      }
    }
    keys.add(EpochKeys.epochSecret(UmbralSecretKey.generate(), "veh-1", 19_000, DAY).publicKey());
    keys.add(EpochKeys.epochSecret(owner, "veh-1", 19_000, Duration.ofHours(1)).publicKey());
    assertEquals(23, keys.size(), "root key, 2 devices x 10 epochs, another owner's and another length's key");
  }

  @Test
  void epochSecretsAreNotAPublicOffsetOfTheRootOrOfEachOther() {
    // With the old additive derivation sk_B - sk_A and sk_A - sk were public hashes; now they are
    // independent scalars: check that consecutive differences do not repeat and are not the old tweaks
    BigInteger a = EpochKeys.epochSecret(owner, "veh-1", 1, DAY).scalar();
    BigInteger b = EpochKeys.epochSecret(owner, "veh-1", 2, DAY).scalar();
    BigInteger c = EpochKeys.epochSecret(owner, "veh-1", 3, DAY).scalar();
    assertNotEquals(b.subtract(a).mod(Curve.N), c.subtract(b).mod(Curve.N));
    assertNotEquals(a.subtract(owner.scalar()).mod(Curve.N), oldPublicTweak("veh-1", 1));
  }

  @Test
  void aForgedOrAlteredCertificateDoesNotVerify() {
    EpochKeyCertificate real = EpochKeyCertificate.issue(owner, "owner-1", "veh-1", 19_675, DAY);
    UmbralPublicKey otherKey = UmbralSecretKey.generate().publicKey();
    byte[] signature = real.signature();
    assertTrue(new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_675, DAY.toMillis(), real.epochKey(),
        signature).verify(), "the same fields verify");
    List<EpochKeyCertificate> altered = List.of(
        new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_675, DAY.toMillis(), otherKey, signature),
        new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-2", 19_675, DAY.toMillis(), real.epochKey(), signature),
        new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_676, DAY.toMillis(), real.epochKey(), signature),
        new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_675, 3_600_000, real.epochKey(), signature),
        new EpochKeyCertificate("owner-1", otherKey, "veh-1", 19_675, DAY.toMillis(), real.epochKey(), signature),
        // the signature moved to another owner's name
        new EpochKeyCertificate("owner-2", real.ownerKey(), "veh-1", 19_675, DAY.toMillis(), real.epochKey(), signature));
    for (EpochKeyCertificate certificate : altered) {
      assertFalse(certificate.verify(), certificate.toString());
    }
    byte[] flipped = real.signature();
    flipped[40] ^= 1;
    assertFalse(new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_675, DAY.toMillis(), real.epochKey(),
        flipped).verify(), "a flipped signature bit");
    assertFalse(new EpochKeyCertificate("owner-1", real.ownerKey(), "veh-1", 19_675, DAY.toMillis(), real.epochKey(),
        new byte[63]).verify(), "a short signature");
    // someone else's key certifying an epoch key for this owner: signed, but not by the owner
    UmbralSecretKey forger = UmbralSecretKey.generate();
    EpochKeyCertificate forgersOwn = EpochKeyCertificate.issue(forger, "owner-1", "veh-1", 19_675, DAY);
    assertFalse(new EpochKeyCertificate("owner-1", owner.publicKey(), "veh-1", 19_675, DAY.toMillis(), forgersOwn.epochKey(),
        forgersOwn.signature()).verify());
  }

  @Test
  void theOwnerOpensAnEpochsIntervalsWithTheEpochSecret() throws Exception {
    long epoch = EpochKeys.epochOf(1_700_000_000_000L, DAY);
    EpochKeyCertificate certificate = EpochKeyCertificate.issue(owner, "owner-1", "veh-1", epoch, DAY);
    Umbral.Encapsulation sealed = Umbral.encapsulate(certificate.epochKey());
    IntervalCipher.Sealed interval = new IntervalCipher(IntervalKey.fromKeySeed(sealed.keySeed())).encrypt(READINGS,
        AD, 64);
    byte[] seed = Umbral.decapsulateOriginal(EpochKeys.epochSecret(owner, "veh-1", epoch, DAY), sealed.capsule());
    assertArrayEquals(READINGS, new IntervalCipher(IntervalKey.fromKeySeed(seed)).decrypt(interval, AD));
    byte[] rootSeed = Umbral.decapsulateOriginal(owner, sealed.capsule());
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.fromKeySeed(rootSeed)).decrypt(interval, AD), "the root key alone");
  }

  /**
   * The issue's test: all n kfrags of epoch A (any grantee) re-encrypting a capsule of epoch B give
   * neither B's key seed as they are nor after the correction that broke the additive derivation.
   */
  @Test
  void allNProxiesKfragsOfEpochAOpenNothingOfEpochBEvenWithTheOldCorrection() throws Exception {
    long epochA = 19_675;
    long epochB = epochA + 1;
    UmbralSecretKey secretA = EpochKeys.epochSecret(owner, "veh-1", epochA, DAY);
    UmbralPublicKey keyA = secretA.publicKey();
    UmbralPublicKey keyB = EpochKeyCertificate.issue(owner, "owner-1", "veh-1", epochB, DAY).epochKey();
    List<VerifiedKeyFrag> kfragsA = Umbral.generateKFrags(secretA, grantee.publicKey(), signer, 2, 3, true, true);

    Umbral.Encapsulation capsuleB = Umbral.encapsulate(keyB);
    IntervalCipher.Sealed intervalB = new IntervalCipher(IntervalKey.fromKeySeed(capsuleB.keySeed()))
        .encrypt(READINGS, AD, 64);
    List<VerifiedCapsuleFrag> cfrags = new ArrayList<>();
    for (VerifiedKeyFrag kfrag : kfragsA) { // all n proxies collude: each re-encrypts epoch B with its kfrag of A
      CapsuleFrag cfrag = Umbral.reencrypt(capsuleB.capsule(), kfrag).unverify();
      assertThrows(CapsuleFragVerificationException.class, () -> cfrag.verify(capsuleB.capsule(),
          signer.verifyingKey(), keyB, grantee.publicKey()), "a cfrag of epoch A does not verify for epoch B");
      cfrags.add(cfrag.verify(capsuleB.capsule(), signer.verifyingKey(), keyA, grantee.publicKey()));
    }
    assertThrows(GeneralSecurityException.class,
        () -> Umbral.decapsulateReencrypted(grantee, keyB, capsuleB.capsule(), cfrags), "not as epoch B's delegation");

    // As epoch A's delegation they combine to (E + V)·sk_A: epoch A's secret on epoch B's capsule
    byte[] seed = Umbral.decapsulateReencrypted(grantee, keyA, capsuleB.capsule(), cfrags);
    assertArrayEquals(Curve.encode(capsuleB.capsule().e.add(capsuleB.capsule().v).multiply(secretA.scalar())), seed);
    assertFalse(java.util.Arrays.equals(capsuleB.keySeed(), seed));
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.fromKeySeed(seed)).decrypt(intervalB, AD), "epoch B stays sealed");

    // The old correction (E + V)·(h_B - h_A) with the public tweaks no longer lands on B's seed: with
    // hardened keys sk_B - sk_A is not a public value
    ECPoint eV = capsuleB.capsule().e.add(capsuleB.capsule().v);
    BigInteger offset = oldPublicTweak("veh-1", epochB).subtract(oldPublicTweak("veh-1", epochA)).mod(Curve.N);
    byte[] corrected = Curve.encode(Curve.PARAMS.getCurve().decodePoint(seed).add(eV.multiply(offset)));
    assertFalse(java.util.Arrays.equals(capsuleB.keySeed(), corrected));
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.fromKeySeed(corrected)).decrypt(intervalB, AD), "still sealed");

    // The same proxies open epoch A's capsules for the grantee
    Umbral.Encapsulation capsuleA = Umbral.encapsulate(keyA);
    List<VerifiedCapsuleFrag> cfragsA = new ArrayList<>();
    for (VerifiedKeyFrag kfrag : kfragsA.subList(1, 3)) {
      cfragsA.add(Umbral.reencrypt(capsuleA.capsule(), kfrag));
    }
    assertArrayEquals(capsuleA.keySeed(),
        Umbral.decapsulateReencrypted(grantee, keyA, capsuleA.capsule(), cfragsA));
  }

  /**
   * Umbral's known property, shown: m proxies colluding with the grantee rebuild f(0) = sk_A/d and the
   * grantee knows d, so they get sk_A: the granted epoch only, not the root key nor epoch B.
   */
  @Test
  void mProxiesWithTheGranteeRecoverTheGrantedEpochSecretOnly() throws Exception {
    long epochA = 19_675;
    UmbralSecretKey secretA = EpochKeys.epochSecret(owner, "veh-1", epochA, DAY);
    List<VerifiedKeyFrag> kfrags = Umbral.generateKFrags(secretA, grantee.publicKey(), signer, 2, 3, true, true);
    List<KeyFrag> colluding = kfrags.subList(0, 2).stream().map(VerifiedKeyFrag::kfrag).toList();
    ECPoint precursor = colluding.get(0).precursor;
    ECPoint dh = precursor.multiply(grantee.scalar()).normalize();
    ECPoint receiving = grantee.publicKey().point();
    List<BigInteger> xs = colluding.stream().map(k -> Umbral.polynomialArg(precursor, receiving, dh, k.id)).toList();
    BigInteger f0 = BigInteger.ZERO;
    for (int i = 0; i < colluding.size(); i++) {
      f0 = f0.add(Umbral.lagrangeAtZero(xs, i).multiply(colluding.get(i).key)).mod(Curve.N);
    }
    BigInteger recovered = f0.multiply(Umbral.sharedSecret(precursor, receiving, dh)).mod(Curve.N);
    assertEquals(secretA.scalar(), recovered);
    assertNotEquals(owner.scalar(), recovered);
    assertNotEquals(owner.scalar(), recovered.subtract(oldPublicTweak("veh-1", epochA)).mod(Curve.N),
        "the old public tweak no longer leads to the root key");

    // With sk_A in hand, epoch B's capsules stay sealed: (E + V)·sk_A is not their seed
    UmbralPublicKey keyB = EpochKeyCertificate.issue(owner, "owner-1", "veh-1", epochA + 1, DAY).epochKey();
    assertNotEquals(EpochKeys.epochSecret(owner, "veh-1", epochA + 1, DAY).scalar(), recovered);
    Umbral.Encapsulation capsuleB = Umbral.encapsulate(keyB);
    byte[] seed = Umbral.decapsulateOriginal(new UmbralSecretKey(recovered), capsuleB.capsule());
    assertFalse(java.util.Arrays.equals(capsuleB.keySeed(), seed));
  }

  /** The additive derivation's public tweak (removed from main code), for the regression tests above. */
  private BigInteger oldPublicTweak(String device, long epoch) {
    byte[] deviceBytes = device.getBytes(StandardCharsets.UTF_8);
    byte[] version = "cpchain epoch key v1".getBytes(StandardCharsets.US_ASCII);
    byte[] label = java.nio.ByteBuffer.allocate(4 + version.length + 4 + deviceBytes.length + 8)
        .putInt(version.length).put(version).putInt(deviceBytes.length).put(deviceBytes).putLong(epoch).array();
    return Curve.hashToScalar("CPCHAIN_EPOCH_KEY", owner.publicKey().toBytes(), label);
  }
}
