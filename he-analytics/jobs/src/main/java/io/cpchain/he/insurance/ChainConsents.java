package io.cpchain.he.insurance;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consents as Grant/Revoke transactions on the chain (purpose {@link Payload#PURPOSE_SCORING},
 * dataset the device id, grantee the insurer's address), read through a node's API.
 *
 * <p>Which copy of the chain may answer for a period: one read after the period's start (plus
 * {@code margin} for clock differences). Every grant or revocation finalised by the period's start
 * is in such a copy, and everything finalised later carries a later block timestamp, which
 * {@link Consent#covers} ignores for that period; so a copy, once recent enough, answers for good,
 * and a replay or restart decides as the first run did. A node that cannot be reached fails the
 * call (the task restarts from its checkpoint): never a guess.
 *
 * <p>{@link #grant} and {@link #revoke} are the owner's side: the transactions, signed with the
 * owner's account key.
 */
public final class ChainConsents implements ConsentRegistry {

  private final URI api;
  private final long marginMs;
  private transient ChainClient client;
  private transient ConsentSet copy;
  private transient long copyReadAtMs;

  public ChainConsents(URI api, Duration margin) {
    this.api = api;
    this.marginMs = margin.toMillis();
  }

  @Override
  public boolean covers(String deviceId, String insurer, long periodStartMs) {
    if (copy == null || copyReadAtMs < periodStartMs + marginMs) {
      read();
      if (copyReadAtMs < periodStartMs + marginMs) {
        // A period that has not started yet (an event-time clock ahead of this one): wait for it.
        sleepUntil(periodStartMs + marginMs);
        read();
      }
    }
    return copy.covers(deviceId, insurer, periodStartMs);
  }

  private void read() {
    if (client == null) {
      client = new ChainClient(api);
    }
    long readAt = System.currentTimeMillis();
    copy = new ConsentSet(client.grants().stream()
        .filter(grant -> Payload.PURPOSE_SCORING.equals(grant.purpose()))
        .map(grant -> new Consent(grant.dataset(), grant.grantee(), grant.grantedAtMs(), grant.revokedAtMs()))
        .toList());
    copyReadAtMs = readAt;
  }

  private static void sleepUntil(long epochMs) {
    long wait = epochMs - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for a period to start", e);
      }
    }
  }

  /**
   * Each owner's consent that {@code insurer} scores each of its devices, submitted at once
   * (consecutive nonces per owner); returns them once final.
   */
  public static List<Views.GrantInfo> grant(ChainClient chain, Map<AccountPrivateKey, List<String>> devicesByOwner,
      Address insurer, Duration wait) throws InterruptedException {
    long chainId = chain.status().chainId();
    List<Transaction> txs = new ArrayList<>();
    devicesByOwner.forEach((owner, devices) -> {
      long nonce = chain.account(owner.publicKey().address()).nonce();
      for (String device : devices) {
        txs.add(Transaction.sign(owner, chainId, nonce++, Payload.Grant.consent(device, insurer)));
      }
    });
    List<Views.SubmitResult> results = chain.submit(txs);
    for (Views.SubmitResult result : results) {
      if (!result.accepted()) {
        throw new IllegalStateException("the chain refused a consent: " + result.error());
      }
    }
    List<Views.GrantInfo> grants = new ArrayList<>();
    for (Transaction tx : txs) {
      await(chain, tx, wait);
      grants.add(chain.grant(tx.hash()).orElseThrow(
          () -> new IllegalStateException("consent " + tx.hash().toHex() + " final but not found")));
    }
    return grants;
  }

  /** Revokes every consent of this owner's that lets {@code insurer} score {@code device}; returns them, revoked. */
  public static List<Views.GrantInfo> revoke(ChainClient chain, AccountPrivateKey owner, String device,
      Address insurer, Duration wait) throws InterruptedException {
    String ownerHex = owner.publicKey().address().toHex();
    List<Views.GrantInfo> active = chain.grants().stream()
        .filter(g -> Payload.PURPOSE_SCORING.equals(g.purpose()) && g.dataset().equals(device)
            && g.grantee().equalsIgnoreCase(insurer.toHex()) && g.owner().equalsIgnoreCase(ownerHex)
            && g.revokedAtMs() == null)
        .toList();
    if (active.isEmpty()) {
      throw new IllegalArgumentException("no consent of " + ownerHex + " lets " + insurer.toHex() + " score " + device);
    }
    List<Views.GrantInfo> revoked = new ArrayList<>();
    for (Views.GrantInfo grant : active) {
      Hash id = Hash.fromHex(grant.id());
      submit(chain, owner, new Payload.Revoke(id), wait);
      revoked.add(chain.grant(id).orElseThrow());
    }
    return revoked;
  }

  private static Hash submit(ChainClient chain, AccountPrivateKey owner, Payload payload, Duration wait)
      throws InterruptedException {
    return Hash.fromHex(chain.submitAndAwait(owner, payload, wait).txHash());
  }

  private static void await(ChainClient chain, Transaction tx, Duration wait) throws InterruptedException {
    Views.ReceiptInfo receipt = chain.awaitReceipt(tx.hash(), wait);
    if (!receipt.status().equals("OK")) {
      throw new IllegalStateException("the chain refused the transaction: " + receipt.reason());
    }
  }
}
