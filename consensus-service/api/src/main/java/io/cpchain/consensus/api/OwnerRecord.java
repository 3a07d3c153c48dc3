package io.cpchain.consensus.api;

import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A registered data owner: its Umbral root public keys, oldest first, each in force from its
 * {@code effectiveFromMs} until the next one's. Immutable; a rotation makes a new record.
 */
public record OwnerRecord(Address owner, List<RootKey> keys) {

  /** The most root keys an owner holds (each rotation adds one), so one account's record stays small. */
  public static final int MAX_KEYS = 64;

  /** One root key, registered at {@code height} by transaction {@code txHash}. */
  public record RootKey(UmbralPublicKey rootKey, long effectiveFromMs, long height, Hash txHash) {}

  public OwnerRecord {
    keys = List.copyOf(keys);
  }

  /** The root key in force at {@code timeMs}: the last one effective at or before it; empty before the first. */
  public Optional<RootKey> keyAt(long timeMs) {
    RootKey inForce = null;
    for (RootKey key : keys) {
      if (key.effectiveFromMs() <= timeMs) {
        inForce = key;
      }
    }
    return Optional.ofNullable(inForce);
  }

  RootKey latest() {
    return keys.get(keys.size() - 1);
  }

  OwnerRecord with(RootKey key) {
    List<RootKey> more = new ArrayList<>(keys);
    more.add(key);
    return new OwnerRecord(owner, more);
  }

  /** Its canonical encoding, a leaf of the state root. */
  public byte[] leaf() {
    Encoder out = new Encoder().u8('o').address(owner).i32(keys.size());
    keys.forEach(k -> out.raw(k.rootKey().toBytes()).i64(k.effectiveFromMs()).i64(k.height()).hash(k.txHash()));
    return out.toBytes();
  }
}
