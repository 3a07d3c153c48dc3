package io.cpchain.crypto.pre;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Delegating keys per (owner, device, epoch), so that a grant's kfrags re-encrypt only the capsules of
 * the epochs they were made for. The pipeline derives the public key with no secret:
 * {@code pk_e = pk + h·G}; the owner derives the matching secret {@code sk_e = sk + h mod n}, with
 * {@code h = hash_to_scalar("CPCHAIN_EPOCH_KEY", pk || label(device, epoch))} (Umbral's own scalar
 * hash). The derivation is public and additive: see the module README for what that does and does not
 * protect.
 */
public final class EpochKeys {

  private static final String DST = "CPCHAIN_EPOCH_KEY";
  private static final byte[] LABEL_VERSION = "cpchain epoch key v1".getBytes(StandardCharsets.US_ASCII);

  private EpochKeys() {}

  /** The epoch an interval belongs to: its start, in whole epochs since the Unix epoch (floor). */
  public static long epochOf(long intervalStartMs, Duration epochLength) {
    long lengthMs = epochLength.toMillis();
    if (lengthMs <= 0) {
      throw new IllegalArgumentException("an epoch lasts at least a millisecond, got " + epochLength);
    }
    return Math.floorDiv(intervalStartMs, lengthMs);
  }

  /**
   * The public label of one device's epoch: a version string, the device id in UTF-8 and the epoch,
   * each of the first two prefixed by its length (4 bytes, big-endian), the epoch as 8 bytes
   * big-endian. No two (device, epoch) pairs share a label.
   */
  public static byte[] label(String device, long epoch) {
    byte[] deviceBytes = device.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + LABEL_VERSION.length + 4 + deviceBytes.length + 8)
        .putInt(LABEL_VERSION.length).put(LABEL_VERSION)
        .putInt(deviceBytes.length).put(deviceBytes)
        .putLong(epoch)
        .array();
  }

  /** The key the encrypt job encapsulates a device's intervals of that epoch to. */
  public static UmbralPublicKey delegatingKey(UmbralPublicKey owner, String device, long epoch) {
    return new UmbralPublicKey(owner.point().add(Curve.mulG(tweak(owner, device, epoch))));
  }

  /** The owner's secret for that epoch: it opens the epoch's capsules and makes the epoch's kfrags. */
  public static UmbralSecretKey delegatingSecret(UmbralSecretKey owner, String device, long epoch) {
    BigInteger h = tweak(owner.publicKey(), device, epoch);
    return new UmbralSecretKey(owner.scalar().add(h).mod(Curve.N));
  }

  static BigInteger tweak(UmbralPublicKey owner, String device, long epoch) {
    return Curve.hashToScalar(DST, owner.toBytes(), label(device, epoch));
  }
}
