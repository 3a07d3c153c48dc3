package io.cpchain.cli.simulate;

import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the fleet on the chain as its owners would: each owner's Umbral root key
 * ({@code RegisterOwner}) and its vehicles' Ed25519 keys ({@code RegisterDevice}), signed by the
 * owner's chain account, and waits until every one is final. What the chain already holds is left as
 * it is, so a second run registers only new owners and vehicles.
 */
final class FleetRegistrar {

  private FleetRegistrar() {}

  static void register(Fleet fleet, int count, ChainClient chain, Duration timeout)
      throws IOException, GeneralSecurityException, InterruptedException {
    long chainId = chain.status().chainId();
    Map<String, List<Device>> byOwner = new LinkedHashMap<>();
    fleet.devices(count).forEach(d -> byOwner.computeIfAbsent(d.ownerId(), o -> new ArrayList<>()).add(d));
    List<Transaction> submitted = new ArrayList<>();
    for (Map.Entry<String, List<Device>> owner : byOwner.entrySet()) {
      AccountPrivateKey account = fleet.owners().accountKey(owner.getKey());
      Address address = account.publicKey().address();
      long nonce = chain.account(address).nonce();
      List<Transaction> txs = new ArrayList<>();
      if (chain.owner(address).isEmpty()) {
        txs.add(Transaction.sign(account, chainId, nonce++,
            new Payload.RegisterOwner(fleet.owners().publicKey(owner.getKey()), 0)));
      }
      for (Device device : owner.getValue()) {
        if (chain.device(device.deviceId()).isEmpty()) {
          txs.add(Transaction.sign(account, chainId, nonce++, new Payload.RegisterDevice(device.deviceId(),
              device.key().publicKey(), device.validFromMs(), 0)));
        }
      }
      if (txs.isEmpty()) {
        continue;
      }
      List<Views.SubmitResult> results = chain.submit(txs);
      for (int i = 0; i < txs.size(); i++) {
        if (!results.get(i).accepted()) {
          throw new IllegalStateException("the chain refused " + describe(txs.get(i)) + " of owner " + owner.getKey()
              + ": " + results.get(i).error());
        }
      }
      submitted.addAll(txs);
    }
    for (Transaction tx : submitted) {
      Views.ReceiptInfo receipt = chain.awaitReceipt(tx.hash(), timeout);
      if (!"OK".equals(receipt.status())) {
        throw new IllegalStateException(describe(tx) + " failed on the chain: " + receipt.reason());
      }
    }
  }

  private static String describe(Transaction tx) {
    return tx.payload() instanceof Payload.RegisterDevice d ? "the registration of " + d.deviceId()
        : "the owner registration of " + tx.sender().toHex();
  }
}
