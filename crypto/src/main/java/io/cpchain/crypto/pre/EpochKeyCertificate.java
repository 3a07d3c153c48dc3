package io.cpchain.crypto.pre;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The owner's signed statement "I, owner O, say: for device D, epoch e of length L, encapsulate to
 * {@code pk_e}": what the encrypt job trusts instead of deriving keys itself. Signed by the owner's
 * root Umbral key with {@link UmbralSigner} (ECDSA over secp256k1, SHA-256) over
 * {@link #signedBytes()}, which cover the owner id: a signature cannot be moved to another owner's
 * name. Which root key speaks for an owner id is the chain's to say (the owner's registration), not
 * the certificate's; {@link #verify()} only checks the signature under the key it carries.
 */
public final class EpochKeyCertificate {

  private static final byte[] DOMAIN = "cpchain epoch key certificate v2".getBytes(StandardCharsets.US_ASCII);

  private final String ownerId;
  private final UmbralPublicKey ownerKey;
  private final String device;
  private final long epoch;
  private final long epochLengthMs;
  private final UmbralPublicKey epochKey;
  private final byte[] signature;

  /** As read from the wire: nothing is checked until {@link #verify()}. */
  public EpochKeyCertificate(String ownerId, UmbralPublicKey ownerKey, String device, long epoch,
      long epochLengthMs, UmbralPublicKey epochKey, byte[] signature) {
    this.ownerId = ownerId;
    this.ownerKey = ownerKey;
    this.device = device;
    this.epoch = epoch;
    this.epochLengthMs = epochLengthMs;
    this.epochKey = epochKey;
    this.signature = signature.clone();
  }

  /**
   * Owner {@code ownerId}'s certificate of its epoch key {@link EpochKeys#epochSecret} for that device
   * and epoch, signed by its root key {@code owner}.
   */
  public static EpochKeyCertificate issue(UmbralSecretKey owner, String ownerId, String device, long epoch,
      Duration epochLength) {
    UmbralPublicKey epochKey = EpochKeys.epochSecret(owner, device, epoch, epochLength).publicKey();
    long lengthMs = EpochKeys.lengthMs(epochLength);
    byte[] signature = new UmbralSigner(owner).sign(
        signedBytes(ownerId, owner.publicKey(), device, epoch, lengthMs, epochKey));
    return new EpochKeyCertificate(ownerId, owner.publicKey(), device, epoch, lengthMs, epochKey, signature);
  }

  /** True if the owner key signed these fields (and the epoch length is positive). */
  public boolean verify() {
    return epochLengthMs > 0 && UmbralSigner.verify(ownerKey, signedBytes(), signature);
  }

  /**
   * The canonical signed bytes: length-prefixed domain string, length-prefixed owner id (UTF-8), the
   * owner key (33 bytes),
   * {@link EpochKeys#label} of (device, epoch, length) and the epoch key (33 bytes).
   */
  public byte[] signedBytes() {
    return signedBytes(ownerId, ownerKey, device, epoch, epochLengthMs, epochKey);
  }

  private static byte[] signedBytes(String ownerId, UmbralPublicKey ownerKey, String device, long epoch,
      long epochLengthMs, UmbralPublicKey epochKey) {
    byte[] label = EpochKeys.label(device, epoch, epochLengthMs);
    byte[] owner = ownerId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + DOMAIN.length + owner.length + 2 * Curve.POINT_SIZE + label.length)
        .putInt(DOMAIN.length).put(DOMAIN)
        .putInt(owner.length).put(owner)
        .put(ownerKey.toBytes())
        .put(label)
        .put(epochKey.toBytes())
        .array();
  }

  public String ownerId() {
    return ownerId;
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
    return "EpochKeyCertificate(" + ownerId + " " + ownerKey + ", " + device + ", epoch " + epoch + " of " + epochLengthMs
        + " ms -> " + epochKey + ")";
  }
}
