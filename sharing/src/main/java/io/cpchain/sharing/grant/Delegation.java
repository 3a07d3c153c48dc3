package io.cpchain.sharing.grant;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.UmbralSigner;
import io.cpchain.crypto.pre.VerifiedKeyFrag;
import io.cpchain.crypto.seal.SealedBox;
import io.cpchain.crypto.seal.SealingPublicKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.SignedRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The owner's side of a grant: for every key epoch the range touches, the epoch's secret (hardened:
 * derived from the owner's secret, independent of every other epoch's) is split into n kfrags for the grantee (any m re-encrypt), signed
 * by a key made for this grant alone. The public {@link SharingTerms} list every kfrag's hash; each
 * proxy gets only its own kfrags, sealed to its key. The kfrags themselves never leave this object
 * unsealed.
 */
public final class Delegation {

  /** A proxy the grant names: its chain address and the key it vouched for. */
  public record Proxy(Address address, SealingPublicKey sealingKey) {}

  private final SharingTerms terms;
  private final List<Proxy> proxies;
  /** kfrags.get(e).get(i): epoch e's kfrag for proxy i. */
  private final List<List<VerifiedKeyFrag>> kfrags;

  private Delegation(SharingTerms terms, List<Proxy> proxies, List<List<VerifiedKeyFrag>> kfrags) {
    this.terms = terms;
    this.proxies = proxies;
    this.kfrags = kfrags;
  }

  /**
   * Kfrags for the intervals of {@code device} starting in [fromMs, toMs], whose keys were
   * encapsulated per epoch of {@code epochLength}.
   */
  public static Delegation make(UmbralSecretKey owner, String device, UmbralPublicKey grantee, List<Proxy> proxies,
      int threshold, long fromMs, long toMs, Duration epochLength) {
    if (threshold < 1 || threshold > proxies.size()) {
      throw new IllegalArgumentException("threshold must be 1.." + proxies.size() + " (the number of proxies)");
    }
    if (toMs < fromMs) {
      throw new IllegalArgumentException("the range ends before it starts");
    }
    long first = EpochKeys.epochOf(fromMs, epochLength);
    long last = EpochKeys.epochOf(toMs, epochLength);
    if (last - first >= MAX_EPOCHS) {
      throw new IllegalArgumentException("the range spans " + (last - first + 1) + " key epochs; at most "
          + MAX_EPOCHS + " per grant");
    }
    UmbralSigner signer = new UmbralSigner(UmbralSecretKey.generate());
    List<List<VerifiedKeyFrag>> kfrags = new ArrayList<>();
    List<SharingTerms.EpochKfrags> epochs = new ArrayList<>();
    for (long epoch = first; epoch <= last; epoch++) {
      UmbralSecretKey delegating = EpochKeys.epochSecret(owner, device, epoch, epochLength);
      List<VerifiedKeyFrag> made = Umbral.generateKFrags(delegating, grantee, signer, threshold, proxies.size(), true,
          true);
      kfrags.add(made);
      epochs.add(new SharingTerms.EpochKfrags(epoch, delegating.publicKey(),
          made.stream().map(k -> Hash.keccak(k.unverify().toBytes())).toList()));
    }
    SharingTerms terms = new SharingTerms(device, owner.publicKey(), grantee, signer.verifyingKey(),
        epochLength.toMillis(), threshold, proxies.stream().map(Proxy::address).toList(), epochs);
    return new Delegation(terms, List.copyOf(proxies), kfrags);
  }

  /** A year of daily epochs: bounds what one grant transaction's terms and deliveries weigh. */
  public static final int MAX_EPOCHS = 366;

  public SharingTerms terms() {
    return terms;
  }

  /**
   * Proxy {@code i}'s kfrags of every epoch, sealed to it for grant {@code grantId}, signed by the
   * grant's owner account (proxies take kfrags only from the owner the chain has for the grant).
   */
  public Messages.KfragDelivery deliveryFor(Hash grantId, int i, AccountPrivateKey ownerAccount) {
    Proxy proxy = proxies.get(i);
    List<Messages.SealedKfrag> sealed = new ArrayList<>();
    for (int e = 0; e < kfrags.size(); e++) {
      long epoch = terms.epochs().get(e).epoch();
      byte[] box = SealedBox.seal(proxy.sealingKey(), SignedRequests.KFRAG_INFO,
          SignedRequests.kfragAad(grantId, epoch, proxy.address()), kfrags.get(e).get(i).unverify().toBytes());
      sealed.add(new Messages.SealedKfrag(epoch, Hex.of(box)));
    }
    byte[] encodedTerms = terms.encode();
    RecoverableSignature signature =
        ownerAccount.sign(SignedRequests.kfragDelivery(grantId, proxy.address(), encodedTerms, sealed));
    return new Messages.KfragDelivery(grantId.toHex(), Hex.of(encodedTerms), sealed, Hex.of(signature.toBytes()));
  }
}
