package io.cpchain.sharing.proxy;

import io.cpchain.consensus.api.SharingTerms;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.VerifiedKeyFrag;

/** How a proxy turns an interval's capsule and its verified kfrag into the cfrag it answers with. */
@FunctionalInterface
public interface Reencryption {

  /** Umbral's re-encryption: what every proxy does (tests start faulty ones with another). */
  Reencryption UMBRAL = (capsule, kfrag, terms) -> Umbral.reencrypt(capsule, kfrag).unverify().toBytes();

  /** The cfrag's bytes for {@code capsule}, under the grant's {@code terms}. */
  byte[] cfrag(Capsule capsule, VerifiedKeyFrag kfrag, SharingTerms terms);
}
