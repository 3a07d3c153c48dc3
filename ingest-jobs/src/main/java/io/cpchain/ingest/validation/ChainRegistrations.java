package io.cpchain.ingest.validation;

import io.cpchain.consensus.api.DeviceRecord;
import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.jobs.source.ChainIdentityEvents;
import io.cpchain.schemas.DeviceRegistration;
import java.nio.ByteBuffer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the chain's identity transactions mean for the ingest job: after a block that registered,
 * rotated or retired a device, the registration its frames are checked against is the device's
 * newest key as the chain records it, valid from that key's {@code validFromMs} until the earliest
 * of its own end, a later key's start and the device's retirement, under the owner that first
 * registered the device (its chain address). Only transactions the chain accepted come here, so a
 * stranger's registration of another owner's device changes nothing. An owner's registration alone
 * makes none. When the source has read the chain up to the head it saw, it says so
 * ({@link ChainUpdate#caughtUp}).
 */
public final class ChainRegistrations implements ChainIdentityEvents<ChainUpdate> {

  @Override
  public List<ChainUpdate> caughtUp(long height) {
    return List.of(ChainUpdate.caughtUp(height));
  }

  @Override
  public List<ChainUpdate> of(RegistrationFollower.Registrations block, Identities after) {
    Set<String> changed = new LinkedHashSet<>();
    for (Transaction tx : block.accepted()) {
      if (tx.payload() instanceof Payload.RegisterDevice registered) {
        changed.add(registered.deviceId());
      } else if (tx.payload() instanceof Payload.RetireDevice retired) {
        changed.add(retired.deviceId());
      }
    }
    return changed.stream().map(id -> registration(after.device(id).orElseThrow(() -> new IllegalStateException(
        "block " + block.height() + " accepted a transaction of device " + id + " the chain has no record of"))))
        .map(ChainUpdate::of).toList();
  }

  /** The registration of {@code device}'s newest key. */
  public static DeviceRegistration registration(DeviceRecord device) {
    int newest = device.keys().size() - 1;
    DeviceRecord.DeviceKey key = device.keys().get(newest);
    long end = device.endOf(newest);
    return DeviceRegistration.newBuilder()
        .setDeviceId(device.deviceId())
        .setOwnerId(device.owner().toHex())
        .setKeyId(key.publicKey().keyId())
        .setPublicKey(ByteBuffer.wrap(key.publicKey().toBytes()))
        .setValidFromMs(key.validFromMs())
        .setValidToMs(end == Long.MAX_VALUE ? 0 : end)
        .build();
  }
}
