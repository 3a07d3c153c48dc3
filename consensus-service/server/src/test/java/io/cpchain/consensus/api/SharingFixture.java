package io.cpchain.consensus.api;

import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.UmbralSigner;
import io.cpchain.crypto.pre.VerifiedKeyFrag;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.List;

/**
 * A 1-of-n read grant over intervals [0, 2999] with real Umbral kfrags for epochs 0 and 1 (1000 ms
 * each), one per proxy; the terms the grant commits to list both epochs' delegating keys. For tests
 * of proxy faults: honest and bad responses, and the evidence against their signer.
 */
public final class SharingFixture {

  public static final long EPOCH_MS = 1_000;

  public final SharingTerms terms;
  public final Transaction grant;
  private final long chainId;
  private final UmbralSecretKey grantee = UmbralSecretKey.generate();
  private final UmbralSigner signer = new UmbralSigner(UmbralSecretKey.generate());
  private final List<UmbralSecretKey> delegating = List.of(UmbralSecretKey.generate(), UmbralSecretKey.generate());
  private final List<List<VerifiedKeyFrag>> kfrags = new ArrayList<>();

  /** {@code owner} signs the grant with {@code ownerNonce}. */
  public SharingFixture(AccountPrivateKey owner, long chainId, long ownerNonce, List<AccountPrivateKey> proxies) {
    this.chainId = chainId;
    List<SharingTerms.EpochKfrags> epochs = new ArrayList<>();
    for (int epoch = 0; epoch < delegating.size(); epoch++) {
      List<VerifiedKeyFrag> made = Umbral.generateKFrags(delegating.get(epoch), grantee.publicKey(), signer, 1,
          proxies.size(), true, true);
      kfrags.add(made);
      epochs.add(new SharingTerms.EpochKfrags(epoch, delegating.get(epoch).publicKey(),
          made.stream().map(k -> Hash.keccak(k.unverify().toBytes())).toList()));
    }
    List<Address> addresses = proxies.stream().map(k -> k.publicKey().address()).toList();
    terms = new SharingTerms("dev-1", UmbralSecretKey.generate().publicKey(), grantee.publicKey(),
        signer.verifyingKey(), EPOCH_MS, 1, addresses, epochs);
    grant = Transaction.sign(owner, chainId, ownerNonce, new Payload.Grant("dev-1",
        AccountPrivateKey.generate().publicKey().address(), Payload.PURPOSE_READ, 0, 2_999, 0, 1, addresses,
        terms.commitment()));
  }

  /** A capsule of the interval starting at {@code interval}, made to its epoch's delegating key. */
  public Capsule capsule(long interval) {
    return Umbral.encapsulate(delegating.get((int) (interval / EPOCH_MS)).publicKey()).capsule();
  }

  /** What proxy {@code p} answers when it re-encrypts honestly. */
  public ProxyResponse honest(int p, long interval) {
    Capsule capsule = capsule(interval);
    return response(interval, capsule, Umbral.reencrypt(capsule, kfrags.get((int) (interval / EPOCH_MS)).get(p))
        .unverify().toBytes());
  }

  /** Proxy {@code p}'s honest answer with the proof's z changed by one: still a scalar, no longer the proof. */
  public ProxyResponse corrupted(int p, long interval) {
    ProxyResponse honest = honest(p, interval);
    byte[] cfrag = honest.cfrag();
    cfrag[cfrag.length - 64 - 2 - 1] ^= 1; // z's last byte, before the 64-byte kfrag signature and its bin header
    return new ProxyResponse(honest.grantId(), interval, honest.capsule(), cfrag);
  }

  /** An answer to this grant for {@code interval}, re-encrypted with proxy {@code p}'s kfrag of another sharing. */
  public ProxyResponse foreign(SharingFixture other, int p, long interval) {
    Capsule capsule = capsule(interval);
    return response(interval, capsule, Umbral.reencrypt(capsule, other.kfrags.get((int) (interval / EPOCH_MS))
        .get(p)).unverify().toBytes());
  }

  public ProxyResponse response(long interval, Capsule capsule, byte[] cfrag) {
    return new ProxyResponse(grant.hash(), interval, capsule.toBytes(), cfrag);
  }

  /** The evidence against the signer of {@code response}, as anyone may submit it. */
  public Transaction fault(AccountPrivateKey submitter, long nonce, ProxyResponse response,
      AccountPrivateKey signedBy) {
    return Transaction.sign(submitter, chainId, nonce, Payload.ProxyFault.of(response, response.sign(signedBy),
        terms));
  }
}
