package io.cpchain.encrypt.chain;

/**
 * One fact of the chain's identity state the encrypt job needs, keyed by the owner it is about:
 * either one of the owner's Umbral root keys ({@code rootKey}, in force from {@code effectiveFromMs},
 * registered at {@code height}; {@code deviceId} null) or that device {@code deviceId} belongs to the
 * owner ({@code rootKey} null). Flat fields: Flink serialises it as a POJO.
 */
public record ChainIdentity(String ownerId, String deviceId, byte[] rootKey, long effectiveFromMs, long height) {

  public static ChainIdentity rootKey(String ownerId, byte[] rootKey, long effectiveFromMs, long height) {
    return new ChainIdentity(ownerId, null, rootKey, effectiveFromMs, height);
  }

  public static ChainIdentity device(String ownerId, String deviceId, long height) {
    return new ChainIdentity(ownerId, deviceId, null, 0, height);
  }

  public boolean isDevice() {
    return deviceId != null;
  }
}
