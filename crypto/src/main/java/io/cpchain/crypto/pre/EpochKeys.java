package io.cpchain.crypto.pre;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Hardened delegating keys per (owner, device, epoch), so that a grant's kfrags re-encrypt only the
 * capsules of the epochs they were made for. The owner derives each epoch secret from its own secret,
 * {@code sk_e = hash_to_scalar("CPCHAIN_EPOCH_SECRET_V2", sk || label(device, epoch, length))}, and
 * publishes {@code pk_e} ahead of time in an {@link EpochKeyCertificate}; the pipeline encapsulates to
 * the certified key and so still needs no secret. Epoch secrets are independent of each other and of
 * the root key: Umbral lets m proxies colluding with a grantee rebuild the delegating secret of the
 * grant (here {@code sk_A}), and that reveals nothing of other epochs nor of {@code sk}. A public
 * derivation ({@code pk + h·G}) cannot give this: its secrets are affine in {@code sk}.
 */
public final class EpochKeys {

  private static final String DST = "CPCHAIN_EPOCH_SECRET_V2";
  private static final byte[] LABEL_VERSION = "cpchain epoch key v2".getBytes(StandardCharsets.US_ASCII);

  private EpochKeys() {}

  /** The epoch an interval belongs to: its start, in whole epochs since the Unix epoch (floor). */
  public static long epochOf(long intervalStartMs, Duration epochLength) {
    return Math.floorDiv(intervalStartMs, lengthMs(epochLength));
  }

  /**
   * The public label of one device's epoch: a version string, the device id in UTF-8, the epoch and the
   * epoch length in ms, the first two prefixed by their length (4 bytes, big-endian), the numbers as 8
   * bytes big-endian. No two (device, epoch, length) triples share a label.
   */
  public static byte[] label(String device, long epoch, long epochLengthMs) {
    byte[] deviceBytes = device.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + LABEL_VERSION.length + 4 + deviceBytes.length + 8 + 8)
        .putInt(LABEL_VERSION.length).put(LABEL_VERSION)
        .putInt(deviceBytes.length).put(deviceBytes)
        .putLong(epoch)
        .putLong(epochLengthMs)
        .array();
  }

  /**
   * The owner's secret for a device's epoch: it opens the epoch's capsules and makes the epoch's kfrags;
   * its public key is what the owner certifies for the pipeline.
   */
  public static UmbralSecretKey epochSecret(UmbralSecretKey owner, String device, long epoch,
      Duration epochLength) {
    // hashToScalar lands in 1..n-1, so the secret is never zero
    return new UmbralSecretKey(Curve.hashToScalar(DST, Curve.encode(owner.scalar()),
        label(device, epoch, lengthMs(epochLength))));
  }

  static long lengthMs(Duration epochLength) {
    long lengthMs = epochLength.toMillis();
    if (lengthMs <= 0) {
      throw new IllegalArgumentException("an epoch lasts at least a millisecond, got " + epochLength);
    }
    return lengthMs;
  }
}
