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

  /** Either a {@link Proven} fault or {@link NoFault}, and why. */
  sealed interface Judgement permits Proven, NoFault {}

  /** The accused proxy and what is wrong with its cfrag. */
  record Proven(Address proxy, String defect) implements Judgement {}

  /** Why the evidence proves nothing. */
  record NoFault(String reason) implements Judgement {}

  private FaultEvidence() {}

  /** {@code grant} is the read grant the response names. */
  static Judgement judge(ChainState.GrantRecord grant, Payload.ProxyFault fault) {
    Payload.Grant granted = grant.terms();
    ProxyResponse response = fault.response();
    if (!Hash.keccak(fault.terms()).equals(granted.kfragCommitment())) {
      return new NoFault("terms do not match the grant's commitment");
    }
    SharingTerms terms;
    try {
      terms = fault.sharingTerms();
    } catch (CodecException e) { // decoding refuses these (check); a payload built in-process can still get here
      return new NoFault("the terms do not parse: " + e.getMessage());
    }
    if (!grant.covers(response.interval())) {
      return new NoFault("interval " + response.interval() + " is outside the grant");
    }
    var epoch = terms.epochFor(response.interval());
    if (epoch.isEmpty()) {
      return new NoFault("the terms list no kfrags for the epoch of interval " + response.interval());
    }
    Address proxy;
    try {
      proxy = response.signer(fault.signature());
    } catch (GeneralSecurityException e) {
      return new NoFault("the response's signature recovers no key");
    }
    if (!granted.proxies().contains(proxy)) {
      return new NoFault("the response is not signed by a proxy of the grant");
    }
    Capsule capsule;
    try {
      capsule = Capsule.fromBytes(response.capsule());
    } catch (CryptoFormatException e) {
      return new NoFault("the capsule does not parse: " + e.getMessage());
    }
    try {
      CapsuleFrag.fromBytes(response.cfrag()).verify(capsule, terms.verifying(), epoch.get().delegating(),
          terms.grantee());
    } catch (CryptoFormatException e) {
      return new Proven(proxy, "cfrag does not parse: " + e.getMessage());
    } catch (CapsuleFragVerificationException e) {
      return new Proven(proxy, e.getMessage());
    }
    return new NoFault("the cfrag verifies: no fault");
  }
}
