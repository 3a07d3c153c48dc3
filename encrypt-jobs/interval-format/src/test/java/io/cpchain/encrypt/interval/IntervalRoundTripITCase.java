package io.cpchain.encrypt.interval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.aead.IntervalKey;
import io.cpchain.crypto.pre.Capsule;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.TestReadings;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.LocalStorageNodes;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intervals written to and read back from four real S3 storage nodes (s3proxy processes), r = 2. */
class IntervalRoundTripITCase {

  private static final long T0 = 1_750_000_000_000L;
  private static final int CHUNK = 4 * 1024; // small chunks: every interval spans several

  @TempDir static Path dir;
  private static LocalStorageNodes nodes;
  private static ChunkStore store;

  private final AccountPrivateKey pipelineNode = AccountPrivateKey.generate();
  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  @BeforeAll
  static void startStorage() throws Exception {
    nodes = new LocalStorageNodes(dir, 4);
    store = new ChunkStore(nodes.stores(), 2);
  }

  @AfterAll
  static void stopStorage() throws Exception {
    nodes.close();
  }

  @Test
  void everyReadingComesBackOnceInEventTimeOrder() throws Exception {
    List<ValidReading> readings = readings("veh-1", 300, 1);
    List<ValidReading> shuffled = new ArrayList<>(readings);
    Collections.shuffle(shuffled, new Random(2));
    IntervalManifest manifest = writer().write(new Interval("veh-1", "owner-1", certified("veh-1", T0), T0, T0 + 60_000,
        shuffled));

    assertTrue(manifest.getChunks().size() > 1, "several chunks");
    for (ChunkRef chunk : manifest.getChunks()) {
      assertEquals(2, chunk.getNodes().size());
    }
    assertEquals(readings, reader().readAsOwner(manifests.encode(manifest), owner));
  }

  @Test
  void writingAnIntervalAgainGivesTheSameManifestAndChunks() throws Exception {
    List<ValidReading> readings = readings("veh-6", 300, 6);
    IntervalManifest first = writer().write(new Interval("veh-6", "owner-1", certified("veh-6", T0), T0, T0 + 60_000,
        readings));
    List<ValidReading> reordered = new ArrayList<>(readings);
    Collections.reverse(reordered);
    IntervalManifest replayed = writer().write(new Interval("veh-6", "owner-1", certified("veh-6", T0), T0,
        T0 + 60_000, reordered));
    assertArrayEquals(manifests.encode(first), manifests.encode(replayed),
        "a replayed window rewrites the same content-addressed chunks and the same signed manifest");

    IntervalManifest otherOwner = writer().write(new Interval("veh-6", "owner-1",
        UmbralSecretKey.generate().publicKey(), T0, T0 + 60_000, readings));
    assertNotEquals(first.getChunks().get(0).getSha256(), otherOwner.getChunks().get(0).getSha256(),
        "another key or another plaintext never shares randomness");
  }

  @Test
  void aFlippedByteOnEveryCopyIsOneErrorNamingIntervalAndChunk() throws Exception {
    IntervalManifest manifest = write("veh-2", T0);
    ChunkRef chunk = manifest.getChunks().get(1);
    for (String node : chunk.getNodes()) {
      flipByte(nodes.fileOf(nodes.indexOf(node), new ChunkId(chunk.getSha256())));
    }
    IntervalReadException e = assertThrows(IntervalReadException.class,
        () -> reader().readAsOwner(manifests.encode(manifest), owner));
    assertTrue(e.getMessage().startsWith("interval veh-2 [" + T0 + ", " + (T0 + 60_000) + "): chunk 1 ("
        + chunk.getSha256() + ")"), e.getMessage());
  }

  @Test
  void aChunkOfAnotherIntervalDoesNotDecryptEvenInASignedManifest() throws Exception {
    IntervalManifest first = write("veh-3", T0);
    IntervalManifest second = write("veh-3", T0 + 60_000);
    List<ChunkRef> swapped = new ArrayList<>(first.getChunks());
    swapped.set(0, second.getChunks().get(0));
    IntervalManifest forged = IntervalManifest.newBuilder(first).setChunks(swapped)
        .setSignature(ByteBuffer.allocate(0)).build();
    byte[] resigned = manifests.encode(sign(forged, pipelineNode)); // even the trusted node cannot splice
    IntervalReadException e = assertThrows(IntervalReadException.class, () -> reader().readAsOwner(resigned, owner));
    assertTrue(e.getMessage().contains("chunk 0") && e.getMessage().contains("does not decrypt"), e.getMessage());
  }

  @Test
  void anEditedManifestOrAnUnknownWriterIsRejected() throws Exception {
    IntervalManifest manifest = write("veh-4", T0);
    IntervalManifest edited = IntervalManifest.newBuilder(manifest).setReadingCount(manifest.getReadingCount() - 1)
        .build();
    assertTrue(assertThrows(IntervalReadException.class,
        () -> reader().readAsOwner(manifests.encode(edited), owner)).getMessage().contains("altered"));
    IntervalManifest otherEpoch = IntervalManifest.newBuilder(manifest).setKeyEpoch(manifest.getKeyEpoch() + 1)
        .build();
    assertTrue(assertThrows(IntervalReadException.class,
        () -> reader().readAsOwner(manifests.encode(otherEpoch), owner)).getMessage().contains("altered"),
        "the signature covers the key epoch");

    AccountPrivateKey stranger = AccountPrivateKey.generate();
    IntervalManifest strangers = new IntervalWriter(store, stranger, CHUNK, IntervalWriter.DEFAULT_KEY_EPOCH).write(
        new Interval("veh-4", "owner-1", certified("veh-4", T0), T0, T0 + 60_000, readings("veh-4", 10, 3)));
    assertTrue(assertThrows(IntervalReadException.class,
        () -> reader().readAsOwner(manifests.encode(strangers), owner)).getMessage().contains("unknown node"));
  }

  @Test
  void eachIntervalHasItsOwnKeyAndAnotherOwnerOpensNothing() throws Exception {
    IntervalManifest first = write("veh-5", T0);
    IntervalManifest second = write("veh-5", T0 + 60_000);
    IntervalKey firstKey = IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(
        ManifestKeys.delegatingSecret(first, owner), Capsule.fromBytes(Bytes.of(first.getCapsule()))));
    assertEquals(first.getReadingCount(), reader().read(first, firstKey).size());
    assertThrows(IntervalReadException.class, () -> reader().read(second, firstKey),
        "the key of interval i does not open interval i+1");
    assertThrows(IntervalReadException.class,
        () -> reader().readAsOwner(manifests.encode(first), UmbralSecretKey.generate()), "another owner");
  }

  @Test
  void intervalsOfTwoKeyEpochsAreEncapsulatedToDifferentKeys() throws Exception {
    Duration hour = Duration.ofHours(1);
    IntervalWriter hourly = new IntervalWriter(store, pipelineNode, CHUNK, hour);
    long epochStart = T0 - T0 % 3_600_000;
    UmbralPublicKey keyA = certified("veh-7", epochStart + 3_540_000, hour);
    UmbralPublicKey keyB = certified("veh-7", epochStart + 3_600_000, hour);
    IntervalManifest lastOfA = hourly.write(new Interval("veh-7", "owner-1", keyA,
        epochStart + 3_540_000, epochStart + 3_600_000, readings("veh-7", 50, 7)));
    IntervalManifest firstOfB = hourly.write(new Interval("veh-7", "owner-1", keyB,
        epochStart + 3_600_000, epochStart + 3_660_000, readings("veh-7", 50, 8)));
    assertEquals(T0 / 3_600_000, lastOfA.getKeyEpoch());
    assertEquals(lastOfA.getKeyEpoch() + 1, firstOfB.getKeyEpoch());
    assertEquals(3_600_000, firstOfB.getKeyEpochLengthMs());
    assertEquals(keyA, ManifestKeys.delegatingSecret(lastOfA, owner).publicKey(), "the owner derives the certified key");
    assertEquals(keyB, ManifestKeys.delegatingSecret(firstOfB, owner).publicKey());
    assertNotEquals(keyA, keyB);
    assertNotEquals(owner.publicKey(), keyA, "not the owner's own key");

    // Epoch A's secret opens epoch A only; the owner reads both
    UmbralSecretKey secretA = ManifestKeys.delegatingSecret(lastOfA, owner);
    IntervalKey keyOfB = IntervalKey.fromKeySeed(Umbral.decapsulateOriginal(secretA,
        Capsule.fromBytes(Bytes.of(firstOfB.getCapsule()))));
    assertThrows(IntervalReadException.class, () -> reader().read(firstOfB, keyOfB));
    assertEquals(50, reader().readAsOwner(manifests.encode(lastOfA), owner).size());
    assertEquals(50, reader().readAsOwner(manifests.encode(firstOfB), owner).size());
  }

  @Test
  void aFetchPicksTheDevicesIntervalsOfTheRangeAndReadsThemInTimeOrder() throws Exception {
    List<ValidReading> first = TestReadings.readings("veh-8", "owner-1", T0, 100, 500, 81);
    List<ValidReading> second = TestReadings.readings("veh-8", "owner-1", T0 + 60_000, 100, 500, 82);
    List<ValidReading> third = TestReadings.readings("veh-8", "owner-1", T0 + 120_000, 100, 500, 83);
    byte[] firstManifest = manifests.encode(writer().write(
        new Interval("veh-8", "owner-1", certified("veh-8", T0), T0, T0 + 60_000, first)));
    byte[] secondManifest = manifests.encode(writer().write(
        new Interval("veh-8", "owner-1", certified("veh-8", T0), T0 + 60_000, T0 + 120_000, second)));
    byte[] thirdManifest = manifests.encode(writer().write(
        new Interval("veh-8", "owner-1", certified("veh-8", T0), T0 + 120_000, T0 + 180_000, third)));
    byte[] otherDevice = manifests.encode(write("veh-9", T0));
    IntervalFetch fetch = new IntervalFetch(reader());

    long from = T0 + 30_000;
    long to = T0 + 90_000;
    List<byte[]> published = List.of(secondManifest, new byte[] {1, 2, 3}, otherDevice, thirdManifest, firstManifest);
    List<byte[]> found = published.stream().filter(fetch.manifestsOf("veh-8", from, to)).toList();
    assertEquals(List.of(secondManifest, firstManifest), found, "the device's intervals that overlap the range");

    List<IntervalFetch.Result> results = fetch.read(found, owner, from, to);
    assertEquals(List.of(T0, T0 + 60_000), results.stream().map(r -> r.manifest().getIntervalStartMs()).toList(),
        "in time order");
    assertTrue(results.stream().allMatch(IntervalFetch.Result::ok));
    assertEquals(first.subList(60, 100), results.get(0).readings(), "the readings of the range only");
    assertEquals(second.subList(0, 60), results.get(1).readings());

    for (IntervalFetch.Result result : fetch.read(found, UmbralSecretKey.generate(), 0, Long.MAX_VALUE)) {
      assertTrue(!result.ok() && result.readings().isEmpty(), "another owner reads nothing");
      assertTrue(result.error().startsWith("interval veh-8 ["), result.error());
    }
  }

  private IntervalManifest write(String device, long start) throws Exception {
    return writer().write(new Interval(device, "owner-1", certified(device, start), start, start + 60_000,
        readings(device, 200, start)));
  }

  /** The key the owner certifies for the device's key epoch of {@code start}, as the job receives it. */
  private UmbralPublicKey certified(String device, long start, Duration epochLength) {
    EpochKeyCertificate certificate = EpochKeyCertificate.issue(owner, "owner-1", device, EpochKeys.epochOf(start, epochLength),
        epochLength);
    assertTrue(certificate.verify());
    return certificate.epochKey();
  }

  private UmbralPublicKey certified(String device, long start) {
    return certified(device, start, IntervalWriter.DEFAULT_KEY_EPOCH);
  }

  private static List<ValidReading> readings(String device, int count, long seed) {
    return TestReadings.readings(device, "owner-1", T0, count, 200, seed);
  }

  private IntervalWriter writer() {
    return new IntervalWriter(store, pipelineNode, CHUNK, IntervalWriter.DEFAULT_KEY_EPOCH);
  }

  private IntervalReader reader() {
    return new IntervalReader(store, Set.of(pipelineNode.publicKey().address()));
  }

  private IntervalManifest sign(IntervalManifest unsigned, AccountPrivateKey key) {
    byte[] signature = key.sign(io.cpchain.schemas.SignedRecords.messageToSign(unsigned, manifests)).toBytes();
    return IntervalManifest.newBuilder(unsigned).setSignature(ByteBuffer.wrap(signature)).build();
  }

  private static void flipByte(Path file) throws Exception {
    byte[] content = Files.readAllBytes(file);
    content[content.length / 2] ^= 0x01;
    Files.write(file, content);
  }
}
