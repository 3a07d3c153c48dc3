package io.cpchain.consensus.state;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ProxyResponse;
import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.CapsuleFrag;
import io.cpchain.crypto.pre.CapsuleFragVerificationException;
import io.cpchain.crypto.sign.Address;
import java.security.GeneralSecurityException;

/**
 * Judges a {@link Payload.ProxyFault} against the grant it names, from the evidence alone: the proxy
 * that signed a response whose cfrag fails its proof, under the keys the grant's committed terms list
 * for that interval's epoch, is at fault. Deterministic (parsing and the proof are functions of the
 * bytes). An honest proxy cannot be accused: the cfrag it makes with a kfrag that verifies under the
 * committed terms verifies for whatever capsule it signed.
 */
final class FaultEvidence {

  /** Either the accused proxy and what is wrong with its cfrag, or why the evidence proves nothing. */
  record Verdict(Address proxy, String defect, String refusal) {

    static Verdict refused(String reason) {
      return new Verdict(null, null, reason);
    }
  }

  private FaultEvidence() {}

  /** {@code grant} is the read grant the response names. */
  static Verdict judge(ChainState.GrantRecord grant, Payload.ProxyFault fault) {
    Payload.Grant granted = grant.terms();
    ProxyResponse response = fault.response();
    if (!Hash.keccak(fault.terms()).equals(granted.kfragCommitment())) {
      return Verdict.refused("terms do not match the grant's commitment");
    }
    SharingTerms terms;
    try {
      terms = fault.sharingTerms();
    } catch (CodecException e) { // decoding refuses these (check); a payload built in-process can still get here
      return Verdict.refused("the terms do not parse: " + e.getMessage());
    }
    if (!grant.covers(response.interval())) {
      return Verdict.refused("interval " + response.interval() + " is outside the grant");
    }
    var epoch = terms.epochFor(response.interval());
    if (epoch.isEmpty()) {
      return Verdict.refused("the terms list no kfrags for the epoch of interval " + response.interval());
    }
    Address proxy;
    try {
      proxy = response.signer(fault.signature());
    } catch (GeneralSecurityException e) {
      return Verdict.refused("the response's signature recovers no key");
    }
    if (!granted.proxies().contains(proxy)) {
      return Verdict.refused("the response is not signed by a proxy of the grant");
    }
    Capsule capsule;
    try {
      capsule = Capsule.fromBytes(response.capsule());
    } catch (CryptoFormatException e) {
      return Verdict.refused("the capsule does not parse: " + e.getMessage());
    }
    try {
      CapsuleFrag.fromBytes(response.cfrag()).verify(capsule, terms.verifying(), epoch.get().delegating(),
          terms.grantee());
    } catch (CryptoFormatException e) {
      return new Verdict(proxy, "cfrag does not parse: " + e.getMessage(), null);
    } catch (CapsuleFragVerificationException e) {
      return new Verdict(proxy, e.getMessage(), null);
    }
    return Verdict.refused("the cfrag verifies: no fault");
  }
}
