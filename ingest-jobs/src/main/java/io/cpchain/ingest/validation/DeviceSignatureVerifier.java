package io.cpchain.ingest.validation;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.RejectReason;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks a frame's Ed25519 signature against its device's registration. One verification per frame,
 * not per reading. Decoded public keys are cached per device because decoding a point costs about as
 * much as a verification.
 */
public final class DeviceSignatureVerifier {

  private record CachedKey(String keyId, Ed25519PublicKey key) {}

  private final Map<String, CachedKey> keys = new HashMap<>();

  public void verify(DecodedFrame decoded, DeviceRegistration registration) throws FrameRejected {
    String frameKeyId = decoded.frame().getKeyId();
    if (!registration.getKeyId().equals(frameKeyId)) {
      throw new FrameRejected(RejectReason.BAD_SIGNATURE, "frame names key " + frameKeyId
          + " but device " + decoded.deviceId() + " is registered with key " + registration.getKeyId());
    }
    ByteBuffer signature = decoded.frame().getSignature();
    if (signature.remaining() != 64) {
      throw new FrameRejected(RejectReason.BAD_SIGNATURE,
          "signature is " + signature.remaining() + " bytes, Ed25519 signatures are 64");
    }
    byte[] signatureBytes = new byte[64];
    signature.duplicate().get(signatureBytes);
    if (!keyOf(registration).verify(decoded.raw(), 0, decoded.signedLength(), signatureBytes)) {
      throw new FrameRejected(RejectReason.BAD_SIGNATURE,
          "Ed25519 signature does not verify under key " + registration.getKeyId());
    }
  }

  /** Drops the cached key of a device whose registration changed. */
  public void forget(String deviceId) {
    keys.remove(deviceId);
  }

  private Ed25519PublicKey keyOf(DeviceRegistration registration) throws FrameRejected {
    CachedKey cached = keys.get(registration.getDeviceId());
    if (cached != null && cached.keyId().equals(registration.getKeyId())) {
      return cached.key();
    }
    byte[] encoded = new byte[registration.getPublicKey().remaining()];
    registration.getPublicKey().duplicate().get(encoded);
    try {
      Ed25519PublicKey key = Ed25519PublicKey.fromBytes(encoded);
      keys.put(registration.getDeviceId(), new CachedKey(registration.getKeyId(), key));
      return key;
    } catch (CryptoFormatException e) {
      throw new FrameRejected(RejectReason.BAD_SIGNATURE,
          "device " + registration.getDeviceId() + " is registered with a malformed public key");
    }
  }
}
