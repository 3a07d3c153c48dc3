package io.cpchain.crypto.pre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UmbralTest {

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final UmbralSigner signer = new UmbralSigner(UmbralSecretKey.generate());
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();

  @Test
  void theOwnerOpensItsOwnCapsule() throws Exception {
    Umbral.Encapsulation encapsulation = Umbral.encapsulate(owner.publicKey());
    assertArrayEquals(encapsulation.keySeed(), Umbral.decapsulateOriginal(owner, encapsulation.capsule()));
    assertFalse(java.util.Arrays.equals(encapsulation.keySeed(),
        Umbral.decapsulateOriginal(grantee, encapsulation.capsule())), "another key opens nothing");
    assertEquals(encapsulation.capsule(), Capsule.fromBytes(encapsulation.capsule().toBytes()));
  }

  @Property(tries = 12)
  void anyMOfNVerifiedCfragsOpenTheCapsuleForTheGrantee(@ForAll @IntRange(min = 1, max = 4) int threshold,
      @ForAll @IntRange(min = 0, max = 2) int extra, @ForAll long seed) throws Exception {
    int shares = threshold + extra;
    Umbral.Encapsulation encapsulation = Umbral.encapsulate(owner.publicKey());
    List<VerifiedKeyFrag> kfrags = Umbral.generateKFrags(owner, grantee.publicKey(), signer, threshold, shares,
        true, true);
    List<VerifiedKeyFrag> chosen = new ArrayList<>(kfrags);
    Collections.shuffle(chosen, new Random(seed));
    List<VerifiedCapsuleFrag> cfrags = new ArrayList<>();
    for (VerifiedKeyFrag kfrag : chosen.subList(0, threshold)) {
      VerifiedKeyFrag checked = KeyFrag.fromBytes(kfrag.unverify().toBytes())
          .verify(signer.verifyingKey(), owner.publicKey(), grantee.publicKey());
      CapsuleFrag wire = CapsuleFrag.fromBytes(Umbral.reencrypt(encapsulation.capsule(), checked).unverify().toBytes());
      cfrags.add(wire.verify(encapsulation.capsule(), signer.verifyingKey(), owner.publicKey(), grantee.publicKey()));
    }
    assertArrayEquals(encapsulation.keySeed(),
        Umbral.decapsulateReencrypted(grantee, owner.publicKey(), encapsulation.capsule(), cfrags));
    if (threshold > 1) {
      assertThrows(GeneralSecurityException.class, () -> Umbral.decapsulateReencrypted(grantee, owner.publicKey(),
          encapsulation.capsule(), cfrags.subList(0, threshold - 1)), "m - 1 cfrags cannot open");
    }
  }

  @Property(tries = 20)
  void messagesRoundTripForTheOwnerAndTheGrantee(@ForAll byte[] plaintext) throws Exception {
    Umbral.Encrypted encrypted = Umbral.encrypt(owner.publicKey(), plaintext);
    assertArrayEquals(plaintext, Umbral.decryptOriginal(owner, encrypted.capsule(), encrypted.ciphertext()));
    VerifiedKeyFrag kfrag = Umbral.generateKFrags(owner, grantee.publicKey(), signer, 1, 2, false, false).get(1);
    VerifiedCapsuleFrag cfrag = Umbral.reencrypt(encrypted.capsule(), kfrag);
    assertArrayEquals(plaintext, Umbral.decryptReencrypted(grantee, owner.publicKey(), encrypted.capsule(),
        List.of(cfrag), encrypted.ciphertext()));
    byte[] tampered = encrypted.ciphertext().clone();
    tampered[tampered.length - 1] ^= 1;
    assertThrows(GeneralSecurityException.class,
        () -> Umbral.decryptOriginal(owner, encrypted.capsule(), tampered));
  }

  @Test
  void ownerAndGranteeDeriveTheSameIntervalKeyAndOnlyThey() throws Exception {
    Umbral.Encapsulation encapsulation = Umbral.encapsulate(owner.publicKey());
    IntervalCipher forWriter = new IntervalCipher(IntervalKey.fromKeySeed(encapsulation.keySeed()));
    byte[] ad = "veh-1|0|60000".getBytes();
    IntervalCipher.Sealed interval = forWriter.encrypt("readings".getBytes(), ad, 1024);

    IntervalKey ownersKey = IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(owner, encapsulation.capsule()));
    assertArrayEquals("readings".getBytes(), new IntervalCipher(ownersKey).decrypt(interval, ad));
    VerifiedKeyFrag kfrag = Umbral.generateKFrags(owner, grantee.publicKey(), signer, 1, 1, true, true).get(0);
    IntervalKey granteesKey = IntervalKey.fromKeySeed(Umbral.decapsulateReencrypted(grantee, owner.publicKey(),
        encapsulation.capsule(), List.of(Umbral.reencrypt(encapsulation.capsule(), kfrag))));
    assertArrayEquals("readings".getBytes(), new IntervalCipher(granteesKey).decrypt(interval, ad));
    IntervalKey strangersKey = IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(grantee, encapsulation.capsule()));
    assertThrows(GeneralSecurityException.class, () -> new IntervalCipher(strangersKey).decrypt(interval, ad));
  }

  @Test
  void aCfragOfAnotherDelegationOrAnotherCapsuleIsRejected() throws Exception {
    Umbral.Encapsulation intervalI = Umbral.encapsulate(owner.publicKey());
    Umbral.Encapsulation intervalJ = Umbral.encapsulate(owner.publicKey());
    VerifiedKeyFrag kfrag = Umbral.generateKFrags(owner, grantee.publicKey(), signer, 1, 1, true, true).get(0);
    CapsuleFrag forI = Umbral.reencrypt(intervalI.capsule(), kfrag).unverify();
    assertThrows(CapsuleFragVerificationException.class,
        () -> forI.verify(intervalJ.capsule(), signer.verifyingKey(), owner.publicKey(), grantee.publicKey()),
        "a cfrag of interval i does not pass for interval j");
    UmbralSecretKey other = UmbralSecretKey.generate();
    assertThrows(CapsuleFragVerificationException.class,
        () -> forI.verify(intervalI.capsule(), signer.verifyingKey(), owner.publicKey(), other.publicKey()),
        "signed for another receiver");
    VerifiedCapsuleFrag verifiedForI = forI.verify(intervalI.capsule(), signer.verifyingKey(), owner.publicKey(),
        grantee.publicKey());
    assertThrows(GeneralSecurityException.class, () -> Umbral.decapsulateReencrypted(grantee, owner.publicKey(),
        intervalJ.capsule(), List.of(verifiedForI)), "the grantee of interval i cannot open interval j");
  }

  @Test
  void tamperedCapsulesKfragsAndCfragsAreRejected() throws Exception {
    Umbral.Encapsulation encapsulation = Umbral.encapsulate(owner.publicKey());
    byte[] capsule = encapsulation.capsule().toBytes();
    capsule[capsule.length - 1] ^= 1; // the self-check scalar
    assertThrows(CryptoFormatException.class, () -> Capsule.fromBytes(capsule));

    VerifiedKeyFrag kfrag = Umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true).get(0);
    byte[] kfragBytes = kfrag.unverify().toBytes();
    kfragBytes[80] ^= 1; // inside the key share: [[U], id, key, ...] puts it at bytes 73..104
    assertThrows(KeyFragVerificationException.class, () -> KeyFrag.fromBytes(kfragBytes)
        .verify(signer.verifyingKey(), owner.publicKey(), grantee.publicKey()));
    byte[] idChanged = kfrag.unverify().toBytes();
    idChanged[40] ^= 1; // inside the id (bytes 39..70)
    assertThrows(KeyFragVerificationException.class, () -> KeyFrag.fromBytes(idChanged)
        .verify(signer.verifyingKey(), owner.publicKey(), grantee.publicKey()));
    assertThrows(KeyFragVerificationException.class, () -> kfrag.unverify()
        .verify(new UmbralSigner(UmbralSecretKey.generate()).verifyingKey(), owner.publicKey(), grantee.publicKey()));
    assertThrows(KeyFragVerificationException.class, () -> kfrag.unverify()
        .verify(signer.verifyingKey(), null, grantee.publicKey()), "a signed key must be given");

    CapsuleFrag cfrag = Umbral.reencrypt(encapsulation.capsule(), kfrag).unverify();
    CapsuleFrag other = Umbral.reencrypt(encapsulation.capsule(),
        Umbral.generateKFrags(owner, grantee.publicKey(), signer, 2, 3, true, true).get(1)).unverify();
    byte[] swapped = cfrag.toBytes();
    System.arraycopy(other.toBytes(), 0, swapped, 0, 36); // array header and E1 from another kfrag
    assertThrows(CapsuleFragVerificationException.class, () -> CapsuleFrag.fromBytes(swapped)
        .verify(encapsulation.capsule(), signer.verifyingKey(), owner.publicKey(), grantee.publicKey()));
  }

  @Test
  void malformedEncodingsAreRejected() {
    assertThrows(CryptoFormatException.class, () -> UmbralSecretKey.fromBytes(new byte[32]), "zero");
    byte[] aboveOrder = new byte[32];
    java.util.Arrays.fill(aboveOrder, (byte) 0xff);
    assertThrows(CryptoFormatException.class, () -> UmbralSecretKey.fromBytes(aboveOrder), "scalar >= n");
    byte[] offCurve = owner.publicKey().toBytes();
    offCurve[32] ^= 1;
    assertThrows(CryptoFormatException.class, () -> checkPointOrFlip(offCurve));
    byte[] identity = new byte[33];
    assertThrows(CryptoFormatException.class, () -> UmbralPublicKey.fromBytes(identity));
    assertThrows(CryptoFormatException.class, () -> Capsule.fromBytes(new byte[97]), "wrong length");
    byte[] cfrag = Umbral.reencrypt(Umbral.encapsulate(owner.publicKey()).capsule(),
        Umbral.generateKFrags(owner, grantee.publicKey(), signer, 1, 1, true, true).get(0)).unverify().toBytes();
    assertThrows(CryptoFormatException.class, () -> CapsuleFrag.fromBytes(java.util.Arrays.copyOf(cfrag, cfrag.length - 1)));
    assertThrows(CryptoFormatException.class, () -> CapsuleFrag.fromBytes(java.util.Arrays.copyOf(cfrag, cfrag.length + 1)),
        "trailing bytes");
  }

  /** Either the flipped encoding is off the curve (rejected), or it is another valid point: flip again until off. */
  private static void checkPointOrFlip(byte[] encoded) throws CryptoFormatException {
    for (int i = 0; i < 256; i++) {
      encoded[32] = (byte) i;
      try {
        UmbralPublicKey.fromBytes(encoded);
      } catch (CryptoFormatException offCurve) {
        throw offCurve;
      }
    }
  }
}
