package io.cpchain.cli.simulate;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.schemas.DeviceRegistration;
import java.nio.ByteBuffer;

/**
 * A simulated vehicle's identity: its id, its owner (the name of the owner's key files; on the chain
 * and in the pipeline the owner is its account's address), its signing key and its next frame number.
 */
final class Device {

  private final String deviceId;
  private final String ownerId;
  private final Ed25519PrivateKey key;
  private final long validFromMs;
  private long nextSeq;

  Device(String deviceId, String ownerId, Ed25519PrivateKey key, long validFromMs, long nextSeq) {
    this.deviceId = deviceId;
    this.ownerId = ownerId;
    this.key = key;
    this.validFromMs = validFromMs;
    this.nextSeq = nextSeq;
  }

  String deviceId() {
    return deviceId;
  }

  String ownerId() {
    return ownerId;
  }

  Ed25519PrivateKey key() {
    return key;
  }

  long validFromMs() {
    return validFromMs;
  }

  long nextSeq() {
    return nextSeq;
  }

  long takeSeq() {
    return nextSeq++;
  }

  /** The registration the chain holds for this device once its owner registered it, under the owner's address. */
  DeviceRegistration registration(String ownerAddress) {
    return DeviceRegistration.newBuilder()
        .setDeviceId(deviceId)
        .setOwnerId(ownerAddress)
        .setKeyId(key.publicKey().keyId())
        .setPublicKey(ByteBuffer.wrap(key.publicKey().toBytes()))
        .setValidFromMs(validFromMs)
        .build();
  }
}
