package io.cpchain.crypto.pre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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
    assertNotEquals(new String(EpochKeys.label("veh-1", 12), StandardCharsets.ISO_8859_1),
        new String(EpochKeys.label("veh-11", 2), StandardCharsets.ISO_8859_1));
    assertArrayEquals(EpochKeys.label("veh-1", 12), EpochKeys.label("veh-1", 12));
    Set<String> labels = new HashSet<>();
    for (String device : List.of("", "a", "veh-1", "veh-1\u0000", "véh-1")) {
      for (long epoch : new long[] {0, 1, -1, 256, Long.MAX_VALUE}) {
        labels.add(java.util.HexFormat.of().formatHex(EpochKeys.label(device, epoch)));
      }
    }
    assertEquals(25, labels.size());
  }

  @Property(tries = 20)
  void theOwnersEpochSecretMatchesThePipelinesEpochKey(@ForAll @LongRange(min = -5, max = 100_000) long epoch) {
    UmbralSecretKey secret = EpochKeys.delegatingSecret(owner, "veh-1", epoch);
    assertEquals(EpochKeys.delegatingKey(owner.publicKey(), "veh-1", epoch), secret.publicKey());
  }

  @Test
  void distinctEpochsAndDevicesGiveDistinctKeys() {
    Set<UmbralPublicKey> keys = new HashSet<>();
    keys.add(owner.publicKey());
    for (String device : List.of("veh-1", "veh-2")) {
      for (long epoch = 19_000; epoch < 19_010; epoch++) {
        keys.add(EpochKeys.delegatingKey(owner.publicKey(), device, epoch));
      }
    }
    keys.add(EpochKeys.delegatingKey(UmbralSecretKey.generate().publicKey(), "veh-1", 19_000));
    assertEquals(22, keys.size(), "the root key, 2 devices x 10 epochs and another owner's epoch key");
  }

  @Test
  void theOwnerOpensAnEpochsIntervalsWithTheEpochSecret() throws Exception {
    long epoch = EpochKeys.epochOf(1_700_000_000_000L, DAY);
    Umbral.Encapsulation sealed = Umbral.encapsulate(EpochKeys.delegatingKey(owner.publicKey(), "veh-1", epoch));
    IntervalCipher.Sealed interval = new IntervalCipher(IntervalKey.fromKeySeed(sealed.keySeed())).encrypt(READINGS,
        AD, 64);
    byte[] seed = Umbral.decapsulateOriginal(EpochKeys.delegatingSecret(owner, "veh-1", epoch), sealed.capsule());
    assertArrayEquals(READINGS, new IntervalCipher(IntervalKey.fromKeySeed(seed)).decrypt(interval, AD));
    byte[] rootSeed = Umbral.decapsulateOriginal(owner, sealed.capsule());
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.fromKeySeed(rootSeed)).decrypt(interval, AD), "the root key alone");
  }

  @Test
  void allNProxiesKfragsOfEpochAOpenNothingOfEpochBByThemselves() throws Exception {
    long epochA = 19_675;
    long epochB = epochA + 1;
    UmbralSecretKey secretA = EpochKeys.delegatingSecret(owner, "veh-1", epochA);
    UmbralPublicKey keyA = secretA.publicKey();
    UmbralPublicKey keyB = EpochKeys.delegatingKey(owner.publicKey(), "veh-1", epochB);
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

    // As epoch A's delegation the cfrags are consistent (decapsulation's check is relative to the
    // delegating key), but what they combine to is (E + V)·sk_A: epoch A's secret on epoch B's capsule
    byte[] seed = Umbral.decapsulateReencrypted(grantee, keyA, capsuleB.capsule(), cfrags);
    assertArrayEquals(Curve.encode(capsuleB.capsule().e.add(capsuleB.capsule().v).multiply(secretA.scalar())), seed);
    assertThrows(GeneralSecurityException.class,
        () -> new IntervalCipher(IntervalKey.fromKeySeed(seed)).decrypt(intervalB, AD), "epoch B stays sealed");

    // ...until the grantee adds the public difference (E + V)·(h_B - h_A): against a grantee, the scope of
    // a grant still rests on m proxies refusing out-of-scope capsules (the README's caveat, shown)
    ECPoint eV = capsuleB.capsule().e.add(capsuleB.capsule().v);
    BigInteger offset = EpochKeys.tweak(owner.publicKey(), "veh-1", epochB)
        .subtract(EpochKeys.tweak(owner.publicKey(), "veh-1", epochA)).mod(Curve.N);
    byte[] corrected = Curve.encode(Curve.PARAMS.getCurve().decodePoint(seed).add(eV.multiply(offset)));
    assertArrayEquals(capsuleB.keySeed(), corrected);

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
   * The caveat the README states, shown: m proxies colluding with the grantee rebuild f(0) = sk_e/d, the
   * grantee knows d, so they get sk_e, and with the public tweak the owner's root key: every epoch.
   */
  @Test
  void mProxiesWithTheGranteeRecoverTheRootKeyTheKnownLimit() {
    long epoch = 19_675;
    UmbralSecretKey secret = EpochKeys.delegatingSecret(owner, "veh-1", epoch);
    List<VerifiedKeyFrag> kfrags = Umbral.generateKFrags(secret, grantee.publicKey(), signer, 2, 3, true, true);
    List<KeyFrag> colluding = kfrags.subList(0, 2).stream().map(VerifiedKeyFrag::kfrag).toList();
    ECPoint precursor = colluding.get(0).precursor;
    ECPoint dh = precursor.multiply(grantee.scalar()).normalize();
    ECPoint receiving = grantee.publicKey().point();
    List<BigInteger> xs = colluding.stream().map(k -> Umbral.polynomialArg(precursor, receiving, dh, k.id)).toList();
    BigInteger f0 = BigInteger.ZERO;
    for (int i = 0; i < colluding.size(); i++) {
      f0 = f0.add(Umbral.lagrangeAtZero(xs, i).multiply(colluding.get(i).key)).mod(Curve.N);
    }
    BigInteger epochSecret = f0.multiply(Umbral.sharedSecret(precursor, receiving, dh)).mod(Curve.N);
    assertEquals(secret.scalar(), epochSecret);
    BigInteger tweak = epochSecret.subtract(owner.scalar()).mod(Curve.N);
    assertEquals(EpochKeys.tweak(owner.publicKey(), "veh-1", epoch), tweak, "the tweak is public, so sk = sk_e - h");
  }
}
