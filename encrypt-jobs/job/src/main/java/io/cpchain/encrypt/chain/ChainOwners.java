package io.cpchain.encrypt.chain;

import io.cpchain.consensus.api.DeviceRecord;
import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.OwnerRecord;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.RegistrationFollower;
import io.cpchain.jobs.source.ChainIdentityEvents;
import java.util.ArrayList;
import java.util.List;

/**
 * What the chain's identity transactions mean for the encrypt job: an owner's registration or
 * rotation gives the owner's root keys as the chain records them after the block, a device's
 * registration gives the owner that first registered it. Only transactions the chain accepted come
 * here, so a stranger's registration of another owner's device changes nothing.
 */
public final class ChainOwners implements ChainIdentityEvents<ChainIdentity> {

  @Override
  public List<ChainIdentity> of(RegistrationFollower.Registrations block, Identities after) {
    List<ChainIdentity> facts = new ArrayList<>();
    for (Transaction tx : block.accepted()) {
      if (tx.payload() instanceof Payload.RegisterOwner) {
        OwnerRecord owner = after.owner(tx.sender()).orElseThrow(() -> unknown(block, tx.sender().toHex()));
        for (OwnerRecord.RootKey key : owner.keys()) {
          facts.add(ChainIdentity.rootKey(owner.owner().toHex(), key.rootKey().toBytes(), key.effectiveFromMs(),
              key.height()));
        }
      } else if (tx.payload() instanceof Payload.RegisterDevice registered) {
        DeviceRecord device = after.device(registered.deviceId())
            .orElseThrow(() -> unknown(block, registered.deviceId()));
        facts.add(ChainIdentity.device(device.owner().toHex(), device.deviceId(), block.height()));
      }
    }
    return facts;
  }

  private static IllegalStateException unknown(RegistrationFollower.Registrations block, String what) {
    return new IllegalStateException("block " + block.height() + " accepted a transaction of " + what
        + " the chain has no record of");
  }
}
