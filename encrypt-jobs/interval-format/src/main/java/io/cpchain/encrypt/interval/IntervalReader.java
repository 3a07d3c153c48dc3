package io.cpchain.encrypt.interval;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.ChunkPlacement;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.StorageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Reads an interval back: checks the manifest was signed by a trusted pipeline node, fetches each
 * chunk from any intact copy, opens the interval key (as the owner, or with a key a grantee
 * recovered), decrypts chunk by chunk, and checks count and Merkle root against the manifest. It
 * returns the readings or fails with one message naming the interval and chunk; never wrong data.
 */
public final class IntervalReader {

  private final ChunkStore store;
  private final ManifestVerifier manifests;

  public IntervalReader(ChunkStore store, Set<Address> trustedWriters) {
    this.store = store;
    this.manifests = new ManifestVerifier(trustedWriters);
  }

  /** Decodes and authenticates a manifest as it was published (its single-object encoding). */
  public IntervalManifest verifiedManifest(byte[] encoded) throws IntervalReadException {
    return manifests.verified(encoded);
  }

  /**
   * As the owner: the interval key comes from the capsule and the owner's secret key for the
   * manifest's key epoch ({@link ManifestKeys}).
   */
  public List<ValidReading> readAsOwner(byte[] encodedManifest, UmbralSecretKey owner) throws IntervalReadException {
    IntervalManifest manifest = verifiedManifest(encodedManifest);
    UmbralSecretKey epochSecret = ManifestKeys.delegatingSecret(manifest, owner);
    try {
      Capsule capsule = Capsule.fromBytes(Bytes.of(manifest.getCapsule()));
      return read(manifest, IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(epochSecret, capsule)));
    } catch (CryptoFormatException e) {
      throw new IntervalReadException(name(manifest) + ": capsule is malformed: " + e.getMessage());
    }
  }

  /** With an interval key already recovered (a grantee's, from m cfrags), for a verified manifest. */
  public List<ValidReading> read(IntervalManifest manifest, IntervalKey key) throws IntervalReadException {
    String interval = name(manifest);
    IntervalCipher cipher = new IntervalCipher(key);
    byte[] header = Bytes.of(manifest.getCipherHeader());
    byte[] ad = Interval.associatedData(manifest.getDeviceId(), manifest.getIntervalStartMs(),
        manifest.getIntervalEndMs());
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    List<ChunkRef> chunks = manifest.getChunks();
    for (int i = 0; i < chunks.size(); i++) {
      ChunkRef ref = chunks.get(i);
      byte[] segment;
      try {
        segment = store.get(new ChunkPlacement(new ChunkId(ref.getSha256()), ref.getNodes()));
      } catch (StorageException | IllegalArgumentException e) {
        throw new IntervalReadException(interval + ": chunk " + i + " (" + ref.getSha256() + "): " + e.getMessage());
      }
      try {
        plaintext.writeBytes(cipher.decryptSegment(header, i, i == chunks.size() - 1, segment, ad));
      } catch (GeneralSecurityException e) {
        throw new IntervalReadException(interval + ": chunk " + i + " (" + ref.getSha256()
            + ") does not decrypt: wrong key, or a chunk of another interval or position");
      }
    }
    List<ValidReading> readings;
    try {
      readings = ReadingsCodec.readContainer(plaintext.toByteArray());
    } catch (IOException e) {
      throw new IntervalReadException(interval + ": decrypted data is not a readings container");
    }
    byte[] root = ReadingsCodec.merkleTree(readings).root();
    if (readings.size() != manifest.getReadingCount()
        || !MessageDigest.isEqual(root, Bytes.of(manifest.getReadingsMerkleRoot()))) {
      throw new IntervalReadException(interval + ": readings do not match the manifest's count and Merkle root");
    }
    return readings;
  }

  static String name(IntervalManifest manifest) {
    return "interval " + manifest.getDeviceId() + " [" + manifest.getIntervalStartMs() + ", "
        + manifest.getIntervalEndMs() + ")";
  }

}
