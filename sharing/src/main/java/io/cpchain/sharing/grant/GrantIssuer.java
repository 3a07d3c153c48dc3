package io.cpchain.sharing.grant;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.AccountPublicKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Gives a grant: pick the n proxies with the highest reputation among the RNodes that answer, make
 * the kfrags, submit the {@code Grant} transaction (whose hash is the grant id the kfrags are sealed
 * to) and wait until it is final, then deliver each proxy its sealed share signed by the owner's
 * account: proxies take kfrags only for a grant on the chain, from its owner, addressed to them. If a
 * proxy refuses, the grant is revoked (the proxies that took theirs erase them), so a grant that
 * cannot be served does not stay in force.
 */
public final class GrantIssuer {

  /** A grant as given: its id, the public terms and the block that made it final. */
  public record Issued(Hash grantId, SharingTerms terms, Views.ReceiptInfo receipt) {}

  /** What the owner asks for. {@code expiresAtMs} 0: no expiry. */
  public record Request(String device, UmbralPublicKey grantee, long fromMs, long toMs, int threshold, int proxies,
      long expiresAtMs, Duration keyEpoch) {}

  private final ChainClient chain;
  private final ProxyDirectory directory;

  public GrantIssuer(ChainClient chain, ProxyDirectory directory) {
    this.chain = chain;
    this.directory = directory;
  }

  /** The grantee's chain address: the grantee signs its requests with the key it receives under. */
  public static Address addressOf(UmbralPublicKey grantee) {
    try {
      return AccountPublicKey.fromBytes(grantee.toBytes()).address();
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException("the grantee key is not a secp256k1 public key");
    }
  }

  public Issued grant(AccountPrivateKey ownerAccount, UmbralSecretKey ownerKey, Request request, Duration wait)
      throws InterruptedException {
    List<ProxyDirectory.Known> proxies = choose(request.proxies());
    Delegation delegation = Delegation.make(ownerKey, request.device(), request.grantee(),
        proxies.stream().map(p -> new Delegation.Proxy(p.address(), p.sealingKey())).toList(), request.threshold(),
        request.fromMs(), request.toMs(), request.keyEpoch());
    Payload.Grant grant = new Payload.Grant(request.device(), addressOf(request.grantee()), Payload.PURPOSE_READ,
        request.fromMs(), request.toMs(), request.expiresAtMs(), request.threshold(),
        proxies.stream().map(ProxyDirectory.Known::address).toList(), delegation.terms().commitment());
    long deadline = System.nanoTime() + wait.toNanos();
    Views.ReceiptInfo receipt = chain.submitAndAwait(ownerAccount, grant, wait);
    Hash grantId = Hash.fromHex(receipt.txHash());
    for (int i = 0; i < proxies.size(); i++) {
      try {
        deliver(proxies.get(i), delegation.deliveryFor(grantId, i, ownerAccount), deadline);
      } catch (ProxyClient.Refused e) {
        String why = "proxy " + proxies.get(i).address().toHex() + " did not take its kfrags (" + e.getMessage() + ")";
        try {
          revoke(ownerAccount, grantId, wait);
        } catch (RuntimeException notRevoked) {
          throw new IllegalStateException(why + "; revoking grant " + grantId.toHex() + " failed too ("
              + notRevoked.getMessage() + "): revoke it");
        }
        throw new IllegalStateException(why + "; grant " + grantId.toHex() + " is revoked");
      }
    }
    return new Issued(grantId, delegation.terms(), receipt);
  }

  /**
   * Delivers one proxy's kfrags. A proxy takes them only for a grant its chain node has final, which
   * may be a block behind the node this owner asked: "not on the chain" (404) is asked again until
   * {@code deadline}.
   */
  private static void deliver(ProxyDirectory.Known proxy, Messages.KfragDelivery delivery, long deadline)
      throws InterruptedException {
    while (true) {
      try {
        proxy.client().deliver(delivery);
        return;
      } catch (ProxyClient.Refused e) {
        if (e.status() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /**
   * A revocation final on the chain, and the grant's proxies that have erased its kfrags since ({@code erased}) or
   * had not confirmed it by the wait's end ({@code unconfirmed}: down, or behind on the chain; each still refuses
   * from the revocation's block once its node has it, and a node that stays behind makes its proxy refuse all).
   */
  public record Revoked(Views.ReceiptInfo receipt, List<Address> erased, List<Address> unconfirmed) {}

  /**
   * Revokes a grant and waits, within {@code wait} in all, until its proxies have erased their kfrags: only then is
   * it sure that no proxy serves the grant, as a proxy answers from its own chain node, which may be behind this one.
   */
  public Revoked revoke(AccountPrivateKey ownerAccount, Hash grantId, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    Views.ReceiptInfo receipt = chain.submitAndAwait(ownerAccount, new Payload.Revoke(grantId), wait);
    List<Address> unconfirmed = new ArrayList<>();
    for (String proxy : chain.grant(grantId).map(Views.GrantInfo::proxies).orElse(List.of())) {
      try {
        unconfirmed.add(Address.fromHex(proxy));
      } catch (CryptoFormatException e) {
        throw new IllegalStateException("the chain's grant " + grantId.toHex() + " names a proxy " + proxy
            + " that is no address: " + e.getMessage(), e);
      }
    }
    List<Address> erased = new ArrayList<>();
    Map<Address, ProxyDirectory.Known> known = directory.discover();
    String id = grantId.toHex();
    while (!unconfirmed.isEmpty() && System.nanoTime() < deadline) {
      for (Address proxy : List.copyOf(unconfirmed)) {
        ProxyDirectory.Known reachable = known.get(proxy);
        if (reachable != null && !holds(reachable, id)) {
          unconfirmed.remove(proxy);
          erased.add(proxy);
        }
      }
      if (!unconfirmed.isEmpty()) {
        Thread.sleep(200);
      }
    }
    return new Revoked(receipt, List.copyOf(erased), List.copyOf(unconfirmed));
  }

  /** Whether a proxy still lists the grant among those it holds kfrags of; one that does not answer counts as yes. */
  private static boolean holds(ProxyDirectory.Known proxy, String grantId) {
    try {
      return proxy.client().held().grants().contains(grantId);
    } catch (RuntimeException notAnswering) {
      return true;
    }
  }

  /** The n answering RNode proxies of highest reputation (ties: address order). */
  private List<ProxyDirectory.Known> choose(int n) {
    Map<Address, ProxyDirectory.Known> known = directory.discover();
    List<ProxyDirectory.Known> rnodes = new ArrayList<>();
    List<Long> reputation = new ArrayList<>();
    for (ProxyDirectory.Known proxy : known.values()) {
      Views.AccountInfo account = chain.account(proxy.address());
      if (account.deposit() != null) {
        rnodes.add(proxy);
        reputation.add(account.reputation() == null ? 0 : account.reputation());
      }
    }
    if (rnodes.size() < n) {
      throw new IllegalStateException("only " + rnodes.size() + " registered proxies answer (of " + known.size()
          + " reachable); the grant needs " + n);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rnodes.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingLong(i -> -reputation.get(i))
        .thenComparing(i -> rnodes.get(i).address().toHex()));
    return order.subList(0, n).stream().map(rnodes::get).toList();
  }
}
