package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The identity rules (owners' root keys, devices' keys, which owner a device belongs to) and the
 * registrations they accepted. Deterministic and here, in the api, because a client that follows
 * final blocks must replay exactly what the chain did: a block carries its transactions, not
 * their receipts, so a refused takeover is in the block too. The chain's state holds one
 * ({@code state.ChainState}), so does a {@code client.RegistrationFollower}. Not thread-safe.
 */
public final class Identities {

  private final HashMap<Address, OwnerRecord> owners;
  private final HashMap<String, DeviceRecord> devices;

  public Identities() {
    this.owners = new HashMap<>();
    this.devices = new HashMap<>();
  }

  private Identities(Identities other) {
    this.owners = new HashMap<>(other.owners); // records are immutable
    this.devices = new HashMap<>(other.devices);
  }

  public Identities copy() {
    return new Identities(this);
  }

  /** Whether {@code payload} is one of the identity transactions {@link #apply} executes. */
  public static boolean handles(Payload payload) {
    return payload instanceof Payload.RegisterOwner || payload instanceof Payload.RegisterDevice
        || payload instanceof Payload.RetireDevice;
  }

  /**
   * Executes an identity transaction of {@code sender} in the block at {@code height} of time
   * {@code blockTimeMs}: OK and recorded, or refused with the reason and nothing changed.
   */
  public Verdict apply(Address sender, Payload payload, long height, long blockTimeMs, Hash txHash) {
    if (payload instanceof Payload.RegisterOwner o) {
      return registerOwner(sender, o, height, blockTimeMs, txHash);
    } else if (payload instanceof Payload.RegisterDevice d) {
      return registerDevice(sender, d, height, blockTimeMs, txHash);
    } else if (payload instanceof Payload.RetireDevice r) {
      return retireDevice(sender, r, height, blockTimeMs);
    }
    throw new IllegalArgumentException("not an identity transaction: " + payload.getClass().getSimpleName());
  }

  public Optional<OwnerRecord> owner(Address owner) {
    return Optional.ofNullable(owners.get(owner));
  }

  public Optional<DeviceRecord> device(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  /** The canonical encodings of every owner and device, leaves of the chain's state root. */
  public List<byte[]> leaves() {
    List<byte[]> leaves = new ArrayList<>(owners.size() + devices.size());
    owners.values().forEach(o -> leaves.add(o.leaf()));
    devices.values().forEach(d -> leaves.add(d.leaf()));
    return leaves;
  }

  /** The first registration of an owner, or a rotation of its root key from a time not before this block's. */
  private Verdict registerOwner(Address sender, Payload.RegisterOwner o, long height, long blockTimeMs,
      Hash txHash) {
    OwnerRecord.RootKey key = new OwnerRecord.RootKey(o.rootKey(), o.effectiveFromMs(), height, txHash);
    OwnerRecord known = owners.get(sender);
    if (known == null) {
      owners.put(sender, new OwnerRecord(sender, List.of(key)));
      return Verdict.OK;
    }
    if (known.keys().size() >= OwnerRecord.MAX_KEYS) {
      return Verdict.refused("owner " + sender + " has " + OwnerRecord.MAX_KEYS + " root keys, the most an owner"
          + " holds");
    }
    Verdict later = laterThan(o.effectiveFromMs(), known.latest().effectiveFromMs(), blockTimeMs, "a root key rotation",
        "effectiveFromMs");
    if (later.ok()) {
      owners.put(sender, known.with(key));
    }
    return later;
  }

  /**
   * A device's first registration (its id then belongs to the sender), or a rotation of its key by
   * that owner from a time not before this block's and after the current key's.
   */
  private Verdict registerDevice(Address sender, Payload.RegisterDevice d, long height, long blockTimeMs,
      Hash txHash) {
    if (!owners.containsKey(sender)) {
      return Verdict.refused("the sender " + sender + " is not a registered owner; register its root key first"
          + " (RegisterOwner)");
    }
    DeviceRecord.DeviceKey key = new DeviceRecord.DeviceKey(d.publicKey(), d.validFromMs(), d.validToMs(),
        height, txHash);
    DeviceRecord known = devices.get(d.deviceId());
    if (known == null) {
      devices.put(d.deviceId(), new DeviceRecord(d.deviceId(), sender, List.of(key), 0, 0));
      return Verdict.OK;
    }
    Verdict owned = ownedBy(known, sender, "register its keys");
    if (!owned.ok()) {
      return owned;
    }
    if (known.keys().size() >= DeviceRecord.MAX_KEYS) {
      return Verdict.refused("device " + d.deviceId() + " has " + DeviceRecord.MAX_KEYS + " keys, the most a device"
          + " holds; register it under a new id");
    }
    Verdict later = laterThan(d.validFromMs(), known.latest().validFromMs(), blockTimeMs,
        "a device key rotation", "validFromMs");
    if (later.ok()) {
      devices.put(d.deviceId(), known.with(key));
    }
    return later;
  }

  private Verdict retireDevice(Address sender, Payload.RetireDevice r, long height, long blockTimeMs) {
    DeviceRecord known = devices.get(r.deviceId());
    if (known == null) {
      return Verdict.refused("no device " + r.deviceId());
    }
    Verdict owned = ownedBy(known, sender, "retire it");
    if (owned.ok()) {
      devices.put(r.deviceId(), known.retiredAt(height, blockTimeMs));
    }
    return owned;
  }

  /** OK if {@code sender} owns the device and it is not retired, else why not. */
  private static Verdict ownedBy(DeviceRecord device, Address sender, String action) {
    if (!device.owner().equals(sender)) {
      return Verdict.refused("device " + device.deviceId() + " belongs to owner " + device.owner()
          + "; only its owner may " + action);
    }
    return Verdict.check(!device.retired(), "device " + device.deviceId() + " was retired at height "
        + device.retiredHeight() + "; its id is not reused");
  }

  /**
   * A rotation takes effect after the key it replaces and not before this block: what was judged
   * under a key stays judged under it.
   */
  private static Verdict laterThan(long fromMs, long currentFromMs, long blockTimeMs, String what, String field) {
    if (fromMs <= currentFromMs) {
      return Verdict.refused(what + " must take effect after the current key's " + field + " " + currentFromMs);
    }
    return Verdict.check(fromMs >= blockTimeMs, what + " must not take effect before its block (" + field + " "
        + fromMs + " < block time " + blockTimeMs + ")");
  }
}
