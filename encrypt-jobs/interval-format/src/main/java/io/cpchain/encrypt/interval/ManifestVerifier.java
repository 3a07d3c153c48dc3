package io.cpchain.encrypt.interval;

import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.SignedRecords;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Set;

/**
 * Authenticates a published manifest: it decodes, its signature recovers to the signer it names, and
 * that signer is a trusted pipeline node. What the owner's reader and a sharing proxy (which takes
 * the capsule it re-encrypts from the manifest, never from the requester) both check first.
 */
public final class ManifestVerifier {

  private final Set<Address> trustedWriters;
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  public ManifestVerifier(Set<Address> trustedWriters) {
    this.trustedWriters = Set.copyOf(trustedWriters);
  }

  /** Decodes and authenticates a manifest as it was published (its single-object encoding). */
  public IntervalManifest verified(byte[] encoded) throws IntervalReadException {
    IntervalManifest manifest;
    try {
      manifest = manifests.decode(encoded);
    } catch (IOException | RuntimeException e) {
      throw new IntervalReadException("manifest does not decode: " + e.getMessage());
    }
    String interval = IntervalReader.name(manifest);
    try {
      byte[] signedPrefix = Arrays.copyOf(encoded, SignedRecords.signedLength(encoded, manifest.getSignature()));
      Address signer = RecoverableSignature.fromBytes(Bytes.of(manifest.getSignature()))
          .recover(signedPrefix).address();
      if (!signer.toHex().equals(manifest.getSignerAddress())) {
        throw new IntervalReadException(interval + ": manifest signature does not match its signer "
            + manifest.getSignerAddress() + " (the manifest was altered)");
      }
      if (!trustedWriters.contains(signer)) {
        throw new IntervalReadException(interval + ": manifest signed by unknown node " + signer.toHex());
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IntervalReadException(interval + ": manifest signature is malformed: " + e.getMessage());
    }
    return manifest;
  }
}
