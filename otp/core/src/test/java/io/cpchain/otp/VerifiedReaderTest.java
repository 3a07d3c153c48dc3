package io.cpchain.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader takes only the committed bytes, from a directory or from a real HTTP origin read with
 * range requests, and names the backend that served altered, truncated or extra bytes.
 */
class VerifiedReaderTest {

  static final int CHUNK = 1024;

  @TempDir Path dir;
  final ResourceStores stores = new ResourceStores();
  final VerifiedReader reader = new VerifiedReader(stores);

  byte[] content(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  /** The content in a file:// store; returns its locator. */
  String stored(byte[] bytes, ContentCommitment[] commitment) throws IOException {
    Path source = Files.write(dir.resolve("source-" + bytes.length), bytes);
    commitment[0] = ContentCommitment.of(source, CHUNK);
    return stores.put(dir.resolve("store").toUri().toString(), source, commitment[0]);
  }

  @Test
  void theCommittedBytesAreReadFromADirectoryWhateverTheirLength() throws Exception {
    for (int length : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK + 17}) {
      byte[] bytes = content(length);
      ContentCommitment[] commitment = new ContentCommitment[1];
      String locator = stored(bytes, commitment);
      assertEquals((length + CHUNK - 1) / CHUNK, commitment[0].chunkCount());
      Path out = dir.resolve("out-" + length);
      assertEquals(locator, reader.read(commitment[0], List.of(locator), out).servedBy());
      assertArrayEquals(bytes, Files.readAllBytes(out), "length " + length);
    }
  }

  @Test
  void aTamperedTruncatedOrExtendedFileIsNamedAndNothingIsWritten() throws Exception {
    byte[] bytes = content(3 * CHUNK + 5);
    ContentCommitment[] commitment = new ContentCommitment[1];
    String locator = stored(bytes, commitment);
    Path file = Path.of(java.net.URI.create(locator));
    Path out = dir.resolve("out");

    byte[] altered = bytes.clone();
    altered[2 * CHUNK + 3] ^= 1;
    Files.write(file, altered);
    assertRefused(commitment[0], locator, out, locator + " served altered bytes: their Merkle root is 0x");

    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));
    assertRefused(commitment[0], locator, out, locator + " served truncated bytes: chunk 3 has 4 of its 5 bytes");

    Files.write(file, bytes);
    Files.write(file, new byte[] {7}, StandardOpenOption.APPEND);
    assertRefused(commitment[0], locator, out, locator + " served more than the " + bytes.length + " bytes");

    Files.delete(file);
    assertRefused(commitment[0], locator, out, locator + " failed: ");
  }

  void assertRefused(ContentCommitment commitment, String locator, Path out, String reason) {
    ContentRefusedException e = assertThrows(ContentRefusedException.class,
        () -> reader.read(commitment, List.of(locator), out));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
    assertFalse(Files.exists(out), "no unverified output");
    try (var left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "nothing half-written is left");
    } catch (IOException io) {
      throw new AssertionError(io);
    }
  }

  @Test
  void theNextBackendServesWhenOneIsCaughtAndTheCaughtOneIsNamed() throws Exception {
    byte[] bytes = content(2 * CHUNK + 9);
    ContentCommitment[] commitment = new ContentCommitment[1];
    String good = stored(bytes, commitment);
    Path forgedDir = Files.createDirectories(dir.resolve("forged"));
    byte[] altered = bytes.clone();
    altered[0] ^= (byte) 0x80;
    String forged = Files.write(forgedDir.resolve("object"), altered).toUri().toString();
    VerifiedReader.Read read = reader.read(commitment[0], List.of(forged, good), dir.resolve("out"));
    assertEquals(good, read.servedBy());
    assertEquals(1, read.refused().size());
    assertTrue(read.refused().get(0).startsWith(forged + " served altered bytes"), read.refused().get(0));
    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("out")));
  }

  @Test
  void anHttpOriginIsReadWithRangeRequestsAndCaughtWhenItAltersBytes() throws Exception {
    byte[] bytes = content(4 * CHUNK + 100);
    Path served = Files.createDirectories(dir.resolve("www"));
    Path object = Files.write(served.resolve("traffic.bin"), bytes);
    ContentCommitment commitment = ContentCommitment.of(object, CHUNK);
    try (RangeOrigin origin = new RangeOrigin(served)) {
      String locator = origin.url("traffic.bin").toString();
      assertEquals(locator, stores.put(locator, object, commitment), "an origin's locator is the object's URL");
      Path out = dir.resolve("out");
      assertEquals(locator, reader.read(commitment, List.of(locator), out).servedBy());
      assertArrayEquals(bytes, Files.readAllBytes(out));
      Files.delete(out);

      byte[] altered = bytes.clone();
      altered[4 * CHUNK + 50] = (byte) ~altered[4 * CHUNK + 50];
      Files.write(object, altered);
      assertRefused(commitment, locator, out, locator + " served altered bytes");
      Files.write(object, java.util.Arrays.copyOf(bytes, 2 * CHUNK));
      assertRefused(commitment, locator, out, locator + " served truncated bytes: chunk 2 has 0 of its 1024 bytes");
      Files.write(object, bytes);
      assertRefused(commitment, origin.url("missing.bin").toString(), out, "failed: answered HTTP 404");
      origin.ignoreRanges();
      assertRefused(commitment, locator, out, locator + " failed: answered HTTP 200 to a range request");
    }
  }

  @Test
  void anUnreachableOriginIsNamedAndTheNextBackendServes() throws Exception {
    byte[] bytes = content(CHUNK + 1);
    ContentCommitment[] commitment = new ContentCommitment[1];
    String good = stored(bytes, commitment);
    String gone;
    try (RangeOrigin origin = new RangeOrigin(dir)) {
      gone = origin.url("anything").toString();
    }
    VerifiedReader.Read read = reader.read(commitment[0], List.of(gone, good), dir.resolve("out"));
    assertEquals(good, read.servedBy());
    assertTrue(read.refused().get(0).startsWith(gone + " failed: "), read.refused().get(0));
    assertFalse(read.refused().get(0).endsWith("null"), read.refused().get(0));
  }

  @Test
  void aLocatorNoBackendTakesIsOneLine() {
    for (String bad : List.of("ftp://host/x", "file://relative/dir", "no scheme", "s3://node-1/key", "s3:///key",
        "s3://node-1/a/b")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stores.open(bad));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
  }
}
