package io.cpchain.encrypt.interval;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.EpochKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.time.Duration;

/**
 * Between the {@code EpochKey} record on owners.epoch-keys and crypto's {@link EpochKeyCertificate}:
 * what an owner publishes, and the check the encrypt job makes before it encapsulates to a key.
 */
public final class EpochKeyRecords {

  private EpochKeyRecords() {}

  /** The record (and Kafka key, {@link #key}) of an owner's certificate. */
  public static EpochKey of(String ownerId, EpochKeyCertificate certificate, long publishedAtMs) {
    return new EpochKey(ownerId, certificate.device(), certificate.epoch(), certificate.epochLengthMs(),
        ByteBuffer.wrap(certificate.ownerKey().toBytes()), ByteBuffer.wrap(certificate.epochKey().toBytes()),
        ByteBuffer.wrap(certificate.signature()), publishedAtMs);
  }

  /** {@code owner|device|epoch}: the Kafka key on the compacted topic and the job's state key. */
  public static String key(String ownerId, String deviceId, long epoch) {
    return ownerId + "|" + deviceId + "|" + epoch;
  }

  public static String key(EpochKey record) {
    return key(record.getOwnerId(), record.getDeviceId(), record.getEpoch());
  }

  /**
   * The record's epoch key, if its certificate verifies under the root key it carries and is for
   * epochs of {@code keyEpoch}; otherwise the exception says why.
   */
  public static UmbralPublicKey verifiedKey(EpochKey record, Duration keyEpoch) throws GeneralSecurityException {
    EpochKeyCertificate certificate = new EpochKeyCertificate(UmbralPublicKey.fromBytes(Bytes.of(record.getOwnerKey())),
        record.getDeviceId(), record.getEpoch(), record.getEpochLengthMs(),
        UmbralPublicKey.fromBytes(Bytes.of(record.getEpochKey())), Bytes.of(record.getSignature()));
    if (!certificate.verify()) {
      throw new SignatureException("the owner's signature does not verify");
    }
    if (certificate.epochLengthMs() != keyEpoch.toMillis()) {
      throw new CryptoFormatException("epochs of " + certificate.epochLengthMs() + " ms, the job's key epoch is "
          + keyEpoch.toMillis() + " ms");
    }
    return certificate.epochKey();
  }

}
