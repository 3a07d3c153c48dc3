package io.cpchain.encrypt.state;

/**
 * One verified epoch key the job holds for a device: whose it is, for which key epoch, and the key
 * (an encoded Umbral public key). Flat fields: Flink serialises it as a POJO in broadcast state.
 */
public record HeldEpochKey(String ownerId, long epoch, byte[] epochKey) {}
