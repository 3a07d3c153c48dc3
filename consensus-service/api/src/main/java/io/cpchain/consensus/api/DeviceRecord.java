package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.Ed25519PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registered device: the owner that first registered its id, and its Ed25519 keys, oldest first.
 * A key verifies readings from its {@code validFromMs} until the earliest of its {@code validToMs}
 * (0: none), the next key's {@code validFromMs} and the retirement. Immutable.
 */
public record DeviceRecord(String deviceId, Address owner, List<DeviceKey> keys, long retiredHeight,
    long retiredAtMs) {

  /** The most keys a device holds (each rotation adds one), so one id's record stays small. */
  public static final int MAX_KEYS = 64;

  /** One key, registered at {@code height} by transaction {@code txHash}; {@code validToMs} 0 is no end. */
  public record DeviceKey(Ed25519PublicKey publicKey, long validFromMs, long validToMs, long height, Hash txHash) {}

  public DeviceRecord {
    keys = List.copyOf(keys);
  }

  public boolean retired() {
    return retiredHeight > 0;
  }

  /** The key that verifies readings taken at {@code timeMs}, if any. */
  public Optional<DeviceKey> keyAt(long timeMs) {
    for (int i = keys.size() - 1; i >= 0; i--) {
      DeviceKey key = keys.get(i);
      if (key.validFromMs() <= timeMs) {
        return timeMs < endOf(i) ? Optional.of(key) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** When key {@code i} stops verifying (exclusive); {@link Long#MAX_VALUE} if never. */
  public long endOf(int i) {
    long end = keys.get(i).validToMs() == 0 ? Long.MAX_VALUE : keys.get(i).validToMs();
    if (i + 1 < keys.size()) {
      end = Math.min(end, keys.get(i + 1).validFromMs());
    }
    return retired() ? Math.min(end, retiredAtMs) : end;
  }

  DeviceKey latest() {
    return keys.get(keys.size() - 1);
  }

  DeviceRecord with(DeviceKey key) {
    List<DeviceKey> more = new ArrayList<>(keys);
    more.add(key);
    return new DeviceRecord(deviceId, owner, more, retiredHeight, retiredAtMs);
  }

  DeviceRecord retiredAt(long height, long timeMs) {
    return new DeviceRecord(deviceId, owner, keys, height, timeMs);
  }

  /** Its canonical encoding, a leaf of the state root. */
  public byte[] leaf() {
    Encoder out = new Encoder().u8('v').string(deviceId).address(owner).i64(retiredHeight).i64(retiredAtMs)
        .i32(keys.size());
    keys.forEach(k -> out.raw(k.publicKey().toBytes()).i64(k.validFromMs()).i64(k.validToMs()).i64(k.height())
        .hash(k.txHash()));
    return out.toBytes();
  }
}
