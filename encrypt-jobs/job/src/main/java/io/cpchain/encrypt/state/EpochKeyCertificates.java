package io.cpchain.encrypt.state;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.OwnerRecord;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.chain.ChainIdentity;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.RejectReason;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Whether the encrypt job takes an epoch-key certificate, judged against the chain, not against the
 * certificate: it must be of version 2 (its signature covers the owner id), for the job's epoch
 * length, signed by the owner's root key that the chain has in force at the epoch's start
 * ({@link OwnerRecord#keyAt}), for a device the chain says is the owner's, and the first valid
 * certificate of its (owner, device, epoch) stands: another key for it is a conflict, the same one
 * again changes nothing. A certificate whose owner or device the chain has not shown yet waits
 * (the job's chain source may be behind the topic).
 */
public final class EpochKeyCertificates implements Serializable {

  /** What the chain has shown the job of one owner, and the key it took before for the certificate's slot. */
  public record Owner(List<ChainIdentity> rootKeys, boolean ownsDevice, byte[] acceptedKey) {}

  /** The judgement on one certificate. */
  public sealed interface Verdict {}

  /** Its epoch key stands for (owner, device, epoch) from now on. */
  public record Accepted(byte[] epochKey) implements Verdict {}

  /** The key that already stands, again: nothing changes. */
  public record Repeated() implements Verdict {}

  /** Not decidable until the chain shows more of this owner. */
  public record Awaiting(String why) implements Verdict {}

  /** Refused for good, with the dead letter's reason. */
  public record Refused(RejectReason reason, String why) implements Verdict {}

  /** The certificate version whose signed bytes cover the owner id ({@link EpochKeyCertificate}). */
  public static final int VERSION = EpochKeyRecords.CERTIFICATE_VERSION;

  private final Duration keyEpoch;

  public EpochKeyCertificates(Duration keyEpoch) {
    this.keyEpoch = keyEpoch;
  }

  public Verdict judge(EpochKey record, Owner owner) {
    String name = EpochKeyRecords.key(record);
    if (record.getCertificateVersion() != VERSION) {
      return bad("certificate " + name + " is of version " + record.getCertificateVersion() + ", whose signature"
          + " does not cover the owner id; only version " + VERSION + " is taken: the owner must issue it again");
    }
    if (record.getEpochLengthMs() != keyEpoch.toMillis()) {
      return bad("certificate " + name + " is for epochs of " + record.getEpochLengthMs() + " ms, the job's key"
          + " epoch is " + keyEpoch.toMillis() + " ms");
    }
    if (owner.rootKeys().isEmpty()) {
      return new Awaiting("owner " + record.getOwnerId() + " is not registered on the chain (as far as the job has"
          + " read it)");
    }
    if (!owner.ownsDevice()) {
      return new Awaiting("device " + record.getDeviceId() + " is not registered to owner " + record.getOwnerId()
          + " on the chain (as far as the job has read it)");
    }
    long epochStartMs = Math.multiplyExact(record.getEpoch(), keyEpoch.toMillis());
    OwnerRecord.RootKey rootKey;
    EpochKeyCertificate certificate;
    try {
      rootKey = ownerRecord(record.getOwnerId(), owner.rootKeys()).keyAt(epochStartMs).orElse(null);
      certificate = new EpochKeyCertificate(record.getOwnerId(), UmbralPublicKey.fromBytes(Bytes.of(record.getOwnerKey())),
          record.getDeviceId(), record.getEpoch(), record.getEpochLengthMs(),
          UmbralPublicKey.fromBytes(Bytes.of(record.getEpochKey())), Bytes.of(record.getSignature()));
    } catch (CryptoFormatException e) {
      return bad("certificate " + name + " does not decode: " + e.getMessage());
    }
    if (rootKey == null) {
      return bad("certificate " + name + ": owner " + record.getOwnerId() + " had no root key on the chain at the"
          + " epoch's start (" + epochStartMs + ")");
    }
    if (!rootKey.rootKey().equals(certificate.ownerKey())) {
      return bad("certificate " + name + " is signed by " + certificate.ownerKey() + ", not by the owner's root key"
          + " on the chain at the epoch's start (" + rootKey.rootKey() + ", registered at height " + rootKey.height()
          + ")");
    }
    if (!certificate.verify()) {
      return bad("certificate " + name + ": the signature does not verify under the owner's root key on the chain");
    }
    byte[] epochKey = certificate.epochKey().toBytes();
    if (owner.acceptedKey() == null) {
      return new Accepted(epochKey);
    }
    if (Arrays.equals(owner.acceptedKey(), epochKey)) {
      return new Repeated();
    }
    return new Refused(RejectReason.EPOCH_KEY_CONFLICT, "certificate " + name + " certifies another epoch key than"
        + " the one that already stands for it; the first stands");
  }

  private static Refused bad(String why) {
    return new Refused(RejectReason.BAD_CERTIFICATE, why);
  }

  private static OwnerRecord ownerRecord(String ownerId, List<ChainIdentity> rootKeys) throws CryptoFormatException {
    List<OwnerRecord.RootKey> keys = rootKeys.stream()
        .sorted((a, b) -> Long.compare(a.effectiveFromMs(), b.effectiveFromMs())).map(EpochKeyCertificates::rootKey)
        .toList();
    return new OwnerRecord(Address.fromHex(ownerId), keys);
  }

  private static OwnerRecord.RootKey rootKey(ChainIdentity fact) {
    try {
      return new OwnerRecord.RootKey(UmbralPublicKey.fromBytes(fact.rootKey()), fact.effectiveFromMs(), fact.height(),
          Hash.ZERO);
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("the chain accepted a root key that does not decode", e);
    }
  }
}
