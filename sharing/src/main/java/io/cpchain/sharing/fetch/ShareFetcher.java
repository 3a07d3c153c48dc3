package io.cpchain.sharing.fetch;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ProxyResponse;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.aead.IntervalKey;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.CapsuleFrag;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.VerifiedCapsuleFrag;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.encrypt.interval.IntervalReadException;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import io.cpchain.sharing.protocol.SignedRequests;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The grantee's side. For each interval: sign one request, ask all n proxies at once, check every
 * answer (signed by the proxy asked, for this capsule, and the cfrag's proof against the epoch's
 * delegating key in the committed terms), decapsulate with the first m good cfrags, then fetch,
 * decrypt and check the chunks as the owner would. A cfrag that fails its proof becomes signed
 * evidence against its proxy.
 */
public final class ShareFetcher {

  /** A grant as the grantee works with it: the chain's record, the terms it commits to, the proxies to ask. */
  public record Grant(Hash id, Views.GrantInfo info, SharingTerms terms, Map<Address, ProxyDirectory.Known> proxies) {}

  /** A proxy's signed answer whose cfrag failed its proof: evidence for the chain. */
  public record Fault(Hash grantId, Address proxy, ProxyResponse response, RecoverableSignature signature,
      SharingTerms terms) {}

  /** The interval key with what it took: proxies that refused (and why) and proven faults. */
  public record Key(IntervalKey key, List<String> refusals, List<Fault> faults) {}

  /** An interval opened: its readings, plus any proxy faults found on the way. */
  public record Opened(IntervalManifest manifest, List<ValidReading> readings, List<Fault> faults) {}

  private final ChainClient chain;
  private final ProxyDirectory directory;
  private final IntervalReader reader;
  private final UmbralSecretKey granteeKey;
  private final AccountPrivateKey granteeAccount;

  /** The grantee receives under and signs with the same secp256k1 key (see the module README). */
  public ShareFetcher(ChainClient chain, ProxyDirectory directory, IntervalReader reader, UmbralSecretKey granteeKey,
      AccountPrivateKey granteeAccount) {
    this.chain = chain;
    this.directory = directory;
    this.reader = reader;
    this.granteeKey = granteeKey;
    this.granteeAccount = granteeAccount;
  }

  /** Looks the grant up on the chain and its terms up at a proxy, checked against the grant's commitment. */
  public Grant open(Hash grantId) throws ShareFetchException {
    Views.GrantInfo info = chain.grant(grantId)
        .orElseThrow(() -> new ShareFetchException("grant " + grantId.toHex() + " is not on the chain"));
    if (!info.grantee().equals(granteeAccount.publicKey().address().toHex())) {
      throw new ShareFetchException("grant " + grantId.toHex() + " is for " + info.grantee() + ", not this key ("
          + granteeAccount.publicKey().address().toHex() + ")");
    }
    Map<Address, ProxyDirectory.Known> known = directory.discover();
    known.keySet().retainAll(info.proxies().stream().map(ShareFetcher::address).toList());
    for (ProxyDirectory.Known proxy : known.values()) {
      try {
        SharingTerms terms = SharingTerms.decode(Hex.parse(proxy.client().terms(grantId).terms(), "terms"));
        if (terms.commitment().toHex().equals(info.kfragCommitment())) {
          return new Grant(grantId, info, terms, known);
        }
      } catch (ProxyClient.Refused | CodecException | IllegalArgumentException e) {
        // this proxy cannot give the terms (erased after a revocation, or down): ask the next
      }
    }
    throw new ShareFetchException("no proxy of grant " + grantId.toHex() + " gives terms matching the chain"
        + (info.revoked() ? " (the grant was revoked at block " + info.revokedHeight() + ")" : ""));
  }

  /** A live request for the grant's intervals after {@code afterMs}, signed by the grantee now. */
  public Messages.LiveRequest liveRequest(Hash grantId, long afterMs) {
    long now = System.currentTimeMillis();
    return new Messages.LiveRequest(grantId.toHex(), afterMs, now,
        Hex.of(granteeAccount.sign(SignedRequests.live(grantId, afterMs, now)).toBytes()));
  }

  /** Opens one interval of the grant; the manifest as published on the manifests topic. */
  public Opened read(Grant grant, byte[] manifest) throws ShareFetchException {
    IntervalManifest verified;
    try {
      verified = reader.verifiedManifest(manifest);
    } catch (IntervalReadException e) {
      throw new ShareFetchException(e.getMessage());
    }
    Key key = key(grant, manifest, verified);
    try {
      return new Opened(verified, reader.read(verified, key.key()), key.faults());
    } catch (IntervalReadException e) {
      throw new ShareFetchException(e.getMessage());
    }
  }

  /** The interval key from m verified cfrags (what a fetch costs before any data moves). */
  public Key key(Grant grant, byte[] manifest, IntervalManifest verified) throws ShareFetchException {
    String interval = "interval " + verified.getDeviceId() + " [" + verified.getIntervalStartMs() + ", "
        + verified.getIntervalEndMs() + ")";
    Capsule capsule;
    byte[] capsuleBytes = Bytes.of(verified.getCapsule());
    try {
      capsule = Capsule.fromBytes(capsuleBytes);
    } catch (CryptoFormatException e) {
      throw new ShareFetchException(interval + ": capsule is malformed");
    }
    SharingTerms.EpochKfrags epoch = grant.terms().epochFor(verified.getIntervalStartMs())
        .orElseThrow(() -> new ShareFetchException(interval + " is in no key epoch of grant " + grant.id().toHex()));
    long now = System.currentTimeMillis();
    Messages.ReencryptRequest request = new Messages.ReencryptRequest(grant.id().toHex(), Hex.of(manifest), now,
        Hex.of(granteeAccount.sign(SignedRequests.reencrypt(grant.id(), manifest, now)).toBytes()));
    LinkedBlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    for (ProxyDirectory.Known proxy : grant.proxies().values()) {
      proxy.client().reencrypt(request).whenComplete((response, failure) -> answers.add(new Answer(proxy.address(),
          response, failure instanceof CompletionException c ? c.getCause() : failure)));
    }
    int threshold = grant.info().threshold();
    List<VerifiedCapsuleFrag> good = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    List<Fault> faults = new ArrayList<>();
    for (int asked = grant.proxies().size(); asked > 0 && good.size() < threshold; asked--) {
      Answer answer;
      try {
        answer = answers.poll(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShareFetchException(interval + ": interrupted");
      }
      if (answer == null) {
        break;
      }
      if (answer.failure() != null) {
        refusals.add(answer.failure().getMessage());
        continue;
      }
      Messages.ReencryptResponse r = answer.response();
      ProxyResponse response = new ProxyResponse(grant.id(), r.interval(), Hex.parse(r.capsule(), "capsule"),
          Hex.parse(r.cfrag(), "cfrag"));
      RecoverableSignature signature;
      try {
        signature = RecoverableSignature.fromBytes(Hex.parse(r.signature(), "signature"));
        if (!response.signer(signature).equals(answer.proxy()) || r.interval() != verified.getIntervalStartMs()
            || !Arrays.equals(response.capsule(), capsuleBytes)) {
          refusals.add("proxy " + answer.proxy().toHex() + " answered for another capsule or unsigned");
          continue;
        }
      } catch (GeneralSecurityException e) {
        refusals.add("proxy " + answer.proxy().toHex() + " answered with a malformed signature");
        continue;
      }
      try {
        good.add(CapsuleFrag.fromBytes(response.cfrag()).verify(capsule, grant.terms().verifying(),
            epoch.delegating(), grant.terms().grantee()));
      } catch (GeneralSecurityException e) {
        faults.add(new Fault(grant.id(), answer.proxy(), response, signature, grant.terms()));
        refusals.add("proxy " + answer.proxy().toHex() + " returned a cfrag that fails its proof");
      }
    }
    if (good.size() < threshold) {
      throw new ShareFetchException(interval + ": " + good.size() + " of the " + threshold + " cfrags needed; "
          + String.join("; ", refusals), faults);
    }
    try {
      byte[] seed = Umbral.decapsulateReencrypted(granteeKey, epoch.delegating(), capsule, good);
      return new Key(IntervalKey.fromKeySeed(seed), refusals, faults);
    } catch (GeneralSecurityException e) {
      throw new ShareFetchException(interval + ": the cfrags do not open the capsule for this key");
    }
  }

  /**
   * Puts the evidence of each fault on the chain (a {@code ProxyFault} from the grantee's account),
   * where it lowers the proxy's reputation once final; returns the transactions' hashes.
   */
  public List<Hash> report(List<Fault> faults) {
    if (faults.isEmpty()) {
      return List.of();
    }
    long chainId = chain.status().chainId();
    long nonce = chain.account(granteeAccount.publicKey().address()).nonce();
    List<Transaction> txs = new ArrayList<>();
    for (Fault fault : faults) {
      txs.add(Transaction.sign(granteeAccount, chainId, nonce++, Payload.ProxyFault.of(fault.response(),
          fault.signature(), fault.terms())));
    }
    chain.submit(txs);
    return txs.stream().map(Transaction::hash).toList();
  }

  private record Answer(Address proxy, Messages.ReencryptResponse response, Throwable failure) {}

  private static Address address(String hex) {
    try {
      return Address.fromHex(hex);
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("the chain returned a malformed address " + hex, e);
    }
  }

}
