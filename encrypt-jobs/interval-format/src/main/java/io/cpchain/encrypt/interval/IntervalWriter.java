package io.cpchain.encrypt.interval;

import io.cpchain.crypto.aead.IntervalCipher;
import io.cpchain.crypto.aead.IntervalKey;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.random.DerivedRandom;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.storage.ChunkPlacement;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.StorageException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one interval: encapsulates a fresh key to the epoch key the interval carries (the key its
 * owner certified for the interval's device and key epoch, {@link EpochKeys}: the writer never holds a
 * secret of the owner's, and a grant's kfrags are made per epoch), encrypts the readings' container
 * chunk by chunk, stores every chunk on its rendezvous nodes, and returns the manifest, signed by this
 * pipeline node; the manifest names the key epoch and its length.
 *
 * <p>Writing the same interval again gives the same bytes: the randomness of the encapsulation and
 * of the cipher is derived ({@link DerivedRandom}) from this node's key and everything the interval
 * is (device, bounds, epoch key, plaintext hash), and the signature is deterministic (RFC 6979). So a
 * window replayed after a failure rewrites the same content-addressed chunks and the same manifest
 * instead of leaving orphans behind. The interval key is still fresh and unpredictable: without the
 * node's key nobody can derive it, and two different intervals never share randomness.
 */
public final class IntervalWriter {

  public static final String CIPHER_SUITE = "umbral-0.10/STREAM-AES-256-GCM-HKDF-SHA256";
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
  public static final Duration DEFAULT_KEY_EPOCH = Duration.ofDays(1);
  private static final String RANDOMNESS_LABEL = "cpchain interval randomness v1";

  private final ChunkStore store;
  private final AccountPrivateKey nodeKey;
  private final int chunkSize;
  private final Duration keyEpoch;
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  public IntervalWriter(ChunkStore store, AccountPrivateKey nodeKey, int chunkSize, Duration keyEpoch) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be positive");
    }
    if (keyEpoch.toMillis() < 1) {
      throw new IllegalArgumentException("a key epoch lasts at least 1 ms");
    }
    this.store = store;
    this.nodeKey = nodeKey;
    this.chunkSize = chunkSize;
    this.keyEpoch = keyEpoch;
  }

  public IntervalManifest write(Interval interval) throws StorageException, GeneralSecurityException {
    byte[] plaintext = interval.plaintext().container();
    byte[] associatedData = Interval.associatedData(interval.deviceId(), interval.startMs(), interval.endMs());
    long epoch = EpochKeys.epochOf(interval.startMs(), keyEpoch);
    UmbralPublicKey epochKey = interval.epochKey();
    SecureRandom random = replayableRandom(epochKey, associatedData, plaintext);
    Umbral.Encapsulation encapsulation = Umbral.encapsulate(epochKey, random);
    IntervalCipher cipher = new IntervalCipher(IntervalKey.fromKeySeed(encapsulation.keySeed()));
    IntervalCipher.Sealed sealed = cipher.encrypt(plaintext, associatedData, chunkSize, random);

    List<ChunkRef> chunks = new ArrayList<>();
    for (byte[] segment : sealed.segments()) {
      ChunkPlacement placement = store.put(segment);
      chunks.add(new ChunkRef(placement.chunk().hex(), segment.length, placement.nodeIds()));
    }
    IntervalManifest manifest = IntervalManifest.newBuilder()
        .setDeviceId(interval.deviceId())
        .setOwnerId(interval.ownerId())
        .setIntervalStartMs(interval.startMs())
        .setIntervalEndMs(interval.endMs())
        .setReadingCount(interval.plaintext().readingCount())
        .setReadingsMerkleRoot(ByteBuffer.wrap(interval.plaintext().merkleRoot()))
        .setPlaintextBytes(plaintext.length)
        .setCipherSuite(CIPHER_SUITE)
        .setCapsule(ByteBuffer.wrap(encapsulation.capsule().toBytes()))
        .setKeyEpoch(epoch)
        .setKeyEpochLengthMs(keyEpoch.toMillis())
        .setCipherHeader(ByteBuffer.wrap(sealed.header()))
        .setChunks(chunks)
        .setSignerAddress(nodeKey.publicKey().address().toHex())
        .setSignature(ByteBuffer.allocate(0))
        .build();
    byte[] signature = nodeKey.sign(SignedRecords.messageToSign(manifest, manifests)).toBytes();
    manifest.setSignature(ByteBuffer.wrap(signature));
    return manifest;
  }

  private SecureRandom replayableRandom(UmbralPublicKey epochKey, byte[] associatedData, byte[] plaintext)
      throws GeneralSecurityException {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    sha256.update(associatedData);
    sha256.update(epochKey.toBytes());
    sha256.update(plaintext);
    return DerivedRandom.of(nodeKey.toBytes(SecretAccess.get()), RANDOMNESS_LABEL, sha256.digest());
  }
}
