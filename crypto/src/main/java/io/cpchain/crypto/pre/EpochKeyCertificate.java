package io.cpchain.crypto.pre;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The owner's signed statement "for device D, epoch e of length L, encapsulate to {@code pk_e}": what
 * the encrypt job trusts instead of deriving keys itself. Signed by the owner's root Umbral key with
 * {@link UmbralSigner} (ECDSA over secp256k1, SHA-256) over {@link #signedBytes()}.
 */
public final class EpochKeyCertificate {

  private static final byte[] DOMAIN = "cpchain epoch key certificate v1".getBytes(StandardCharsets.US_ASCII);

  private final UmbralPublicKey ownerKey;
  private final String device;
  private final long epoch;
  private final long epochLengthMs;
  private final UmbralPublicKey epochKey;
  private final byte[] signature;

  /** As read from the wire: nothing is checked until {@link #verify()}. */
  public EpochKeyCertificate(UmbralPublicKey ownerKey, String device, long epoch, long epochLengthMs,
      UmbralPublicKey epochKey, byte[] signature) {
    this.ownerKey = ownerKey;
    this.device = device;
    this.epoch = epoch;
    this.epochLengthMs = epochLengthMs;
    this.epochKey = epochKey;
    this.signature = signature.clone();
  }

  /** The owner's certificate of its epoch key {@link EpochKeys#epochSecret} for that device and epoch. */
  public static EpochKeyCertificate issue(UmbralSecretKey owner, String device, long epoch, Duration epochLength) {
    UmbralPublicKey epochKey = EpochKeys.epochSecret(owner, device, epoch, epochLength).publicKey();
    long lengthMs = EpochKeys.lengthMs(epochLength);
    byte[] signature = new UmbralSigner(owner).sign(
        signedBytes(owner.publicKey(), device, epoch, lengthMs, epochKey));
    return new EpochKeyCertificate(owner.publicKey(), device, epoch, lengthMs, epochKey, signature);
  }

  /** True if the owner key signed these fields (and the epoch length is positive). */
  public boolean verify() {
    return epochLengthMs > 0 && UmbralSigner.verify(ownerKey, signedBytes(), signature);
  }

  /**
   * The canonical signed bytes: length-prefixed domain string, the owner key (33 bytes),
   * {@link EpochKeys#label} of (device, epoch, length) and the epoch key (33 bytes).
   */
  public byte[] signedBytes() {
    return signedBytes(ownerKey, device, epoch, epochLengthMs, epochKey);
  }

  private static byte[] signedBytes(UmbralPublicKey ownerKey, String device, long epoch, long epochLengthMs,
      UmbralPublicKey epochKey) {
    byte[] label = EpochKeys.label(device, epoch, epochLengthMs);
    return ByteBuffer.allocate(4 + DOMAIN.length + 2 * Curve.POINT_SIZE + label.length)
        .putInt(DOMAIN.length).put(DOMAIN)
        .put(ownerKey.toBytes())
        .put(label)
        .put(epochKey.toBytes())
        .array();
  }

  public UmbralPublicKey ownerKey() {
    return ownerKey;
  }

  public String device() {
    return device;
  }

  public long epoch() {
    return epoch;
  }

  public long epochLengthMs() {
    return epochLengthMs;
  }

  public UmbralPublicKey epochKey() {
    return epochKey;
  }

  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public String toString() {
    return "EpochKeyCertificate(" + ownerKey + ", " + device + ", epoch " + epoch + " of " + epochLengthMs
        + " ms -> " + epochKey + ")";
  }
}
