package io.cpchain.he.contribution;

import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.schemas.Bytes;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Whether a contribution was signed by a trusted pipeline node: anyone who can write a contribution
 * topic could otherwise add vehicles, drivers or windows of their choosing to the sums.
 */
public final class ContributionVerifier {

  private final Set<Address> trustedSigners;

  public ContributionVerifier(Set<Address> trustedSigners) {
    if (trustedSigners.isEmpty()) {
      throw new IllegalArgumentException("no trusted signers: every contribution would be refused");
    }
    this.trustedSigners = Set.copyOf(trustedSigners);
  }

  /** Empty when a trusted node signed {@code contribution} as it is; else why not, in one line. */
  public <T extends SpecificRecord> Optional<String> refusal(ContributionKind<T> kind, T contribution) {
    byte[] signature = Bytes.of(kind.signature(contribution));
    if (signature.length == 0) {
      return Optional.of("unsigned");
    }
    Address signer;
    try {
      signer = RecoverableSignature.fromBytes(signature).recover(kind.signedMessage(contribution)).address();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return Optional.of("malformed signature: " + e.getMessage());
    }
    if (!trustedSigners.contains(signer)) {
      return Optional.of("signed by " + signer.toHex() + ", not a trusted pipeline node (or altered after signing)");
    }
    return Optional.empty();
  }
}
