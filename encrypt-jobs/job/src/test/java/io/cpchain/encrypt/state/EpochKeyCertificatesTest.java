package io.cpchain.encrypt.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.chain.ChainIdentity;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.RejectReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochKeyCertificatesTest {

  private static final Duration DAY = Duration.ofDays(1);
  private static final long EPOCH = 20_000;
  private final String ownerId = AccountPrivateKey.generate().publicKey().address().toHex();
  private final UmbralSecretKey root = UmbralSecretKey.generate();
  private final EpochKeyCertificates certificates = new EpochKeyCertificates(DAY);
  private final List<ChainIdentity> onChain = List.of(ChainIdentity.rootKey(ownerId, root.publicKey().toBytes(), 0, 3));

  @Test
  void theOwnersCertificateUnderItsRootKeyOnTheChainIsTakenAndTheSameOneAgainChangesNothing() {
    EpochKey record = certificate(root, "veh-1", EPOCH);
    var taken = assertInstanceOf(EpochKeyCertificates.Accepted.class,
        certificates.judge(record, new EpochKeyCertificates.Owner(onChain, true, null)));
    assertArrayEquals(EpochKeys.epochSecret(root, "veh-1", EPOCH, DAY).publicKey().toBytes(), taken.epochKey());
    assertInstanceOf(EpochKeyCertificates.Repeated.class,
        certificates.judge(record, new EpochKeyCertificates.Owner(onChain, true, taken.epochKey())));
  }

  @Test
  void anotherValidKeyForASlotThatHasOneIsAConflictAndTheFirstStands() {
    byte[] standing = EpochKeys.epochSecret(root, "veh-1", EPOCH + 1, DAY).publicKey().toBytes();
    refused(RejectReason.EPOCH_KEY_CONFLICT, "the first stands", certificate(root, "veh-1", EPOCH),
        new EpochKeyCertificates.Owner(onChain, true, standing));
  }

  @Test
  void aStrangersKeyIsRefusedSelfSignedOrRegisteredForTheStrangersOwnAccount() {
    UmbralSecretKey stranger = UmbralSecretKey.generate();
    var owner = new EpochKeyCertificates.Owner(onChain, true, null);
    refused(RejectReason.BAD_CERTIFICATE, "not by the owner's root key on the chain", certificate(stranger, "veh-1",
        EPOCH), owner);
  }

  @Test
  void aSignatureMovedToAnotherOwnersNameDoesNotVerify() {
    String otherOwner = AccountPrivateKey.generate().publicKey().address().toHex();
    EpochKey theirs = EpochKeyRecords.of(EpochKeyCertificate.issue(root, otherOwner, "veh-1", EPOCH, DAY), 0);
    EpochKey moved = EpochKey.newBuilder(theirs).setOwnerId(ownerId).build();
    refused(RejectReason.BAD_CERTIFICATE, "does not verify", moved, new EpochKeyCertificates.Owner(onChain, true, null));
  }

  @Test
  void versionOneAnotherEpochLengthAndARootKeyNotYetInForceAreRefused() {
    var owner = new EpochKeyCertificates.Owner(onChain, true, null);
    EpochKey v1 = EpochKey.newBuilder(certificate(root, "veh-1", EPOCH)).setCertificateVersion(1).build();
    refused(RejectReason.BAD_CERTIFICATE, "version 1", v1, owner);
    EpochKey hourly = EpochKeyRecords.of(EpochKeyCertificate.issue(root, ownerId, "veh-1", EPOCH, Duration.ofHours(1)), 0);
    refused(RejectReason.BAD_CERTIFICATE, "3600000 ms", hourly, owner);
    long epochStart = EPOCH * DAY.toMillis();
    var rotatedLater = new EpochKeyCertificates.Owner(List.of(ChainIdentity.rootKey(ownerId, root.publicKey().toBytes(),
        epochStart + 1, 3)), true, null);
    refused(RejectReason.BAD_CERTIFICATE, "no root key on the chain", certificate(root, "veh-1", EPOCH), rotatedLater);
  }

  @Test
  void theRootKeyInForceAtTheEpochsStartSigns() {
    UmbralSecretKey rotated = UmbralSecretKey.generate();
    long epochStart = EPOCH * DAY.toMillis();
    var owner = new EpochKeyCertificates.Owner(List.of(onChain.get(0),
        ChainIdentity.rootKey(ownerId, rotated.publicKey().toBytes(), epochStart + DAY.toMillis(), 9)), true, null);
    assertInstanceOf(EpochKeyCertificates.Accepted.class, certificates.judge(certificate(root, "veh-1", EPOCH), owner));
    refused(RejectReason.BAD_CERTIFICATE, "not by the owner's root key", certificate(root, "veh-1", EPOCH + 1), owner);
    assertInstanceOf(EpochKeyCertificates.Accepted.class,
        certificates.judge(certificate(rotated, "veh-1", EPOCH + 1), owner));
  }

  @Test
  void anOwnerOrDeviceTheChainHasNotShownYetWaits() {
    EpochKey record = certificate(root, "veh-1", EPOCH);
    var noOwner = assertInstanceOf(EpochKeyCertificates.Awaiting.class,
        certificates.judge(record, new EpochKeyCertificates.Owner(List.of(), false, null)));
    assertTrue(noOwner.why().contains("not registered on the chain"), noOwner.why());
    var notTheirs = assertInstanceOf(EpochKeyCertificates.Awaiting.class,
        certificates.judge(record, new EpochKeyCertificates.Owner(onChain, false, null)));
    assertTrue(notTheirs.why().contains("device veh-1 is not registered to owner"), notTheirs.why());
  }

  private EpochKey certificate(UmbralSecretKey signer, String device, long epoch) {
    return EpochKeyRecords.of(EpochKeyCertificate.issue(signer, ownerId, device, epoch, DAY), 0);
  }

  private void refused(RejectReason reason, String why, EpochKey record, EpochKeyCertificates.Owner owner) {
    var refused = assertInstanceOf(EpochKeyCertificates.Refused.class, certificates.judge(record, owner));
    assertEquals(reason, refused.reason(), refused.why());
    assertTrue(refused.why().contains(why), refused.why());
  }
}
