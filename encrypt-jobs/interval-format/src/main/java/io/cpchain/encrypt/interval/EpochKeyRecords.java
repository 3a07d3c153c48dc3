package io.cpchain.encrypt.interval;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.schemas.EpochKey;
import java.nio.ByteBuffer;

/**
 * Between the {@code EpochKey} record on owners.epoch-keys and crypto's {@link EpochKeyCertificate}:
 * what an owner publishes. The encrypt job checks it against the chain (its {@code EpochKeyCertificates}).
 */
public final class EpochKeyRecords {

  /** The version of {@link EpochKeyCertificate}'s signed bytes, which cover the owner id. */
  public static final int CERTIFICATE_VERSION = 2;

  private EpochKeyRecords() {}

  /** The record (and Kafka key, {@link #key}) of an owner's certificate. */
  public static EpochKey of(EpochKeyCertificate certificate, long publishedAtMs) {
    return new EpochKey(certificate.ownerId(), certificate.device(), certificate.epoch(), certificate.epochLengthMs(),
        ByteBuffer.wrap(certificate.ownerKey().toBytes()), ByteBuffer.wrap(certificate.epochKey().toBytes()),
        ByteBuffer.wrap(certificate.signature()), publishedAtMs, CERTIFICATE_VERSION);
  }

  /** {@code owner|device|epoch}: the Kafka key on the compacted topic and the job's state key. */
  public static String key(String ownerId, String deviceId, long epoch) {
    return ownerId + "|" + deviceId + "|" + epoch;
  }

  public static String key(EpochKey record) {
    return key(record.getOwnerId(), record.getDeviceId(), record.getEpoch());
  }
}
