package io.cpchain.anchor.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.verify.ReceiptVerifier.Outcome;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.crypto.merkle.MerkleTree;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proof file and its first links (reading → interval root → manifest → batch root), without a chain. */
class ReadingProofTest {

  @TempDir Path dir;

  private final List<byte[]> readings = IntStream.range(0, 5)
      .mapToObj(i -> ("reading-" + i).getBytes(StandardCharsets.UTF_8)).toList();
  private final MerkleTree interval = MerkleTree.of(readings);
  private final byte[] manifest = AvroMessages.of(IntervalManifest.class).encode(IntervalManifest.newBuilder()
      .setDeviceId("veh-1").setOwnerId("owner-a").setIntervalStartMs(0).setIntervalEndMs(60_000)
      .setReadingCount(readings.size()).setReadingsMerkleRoot(ByteBuffer.wrap(interval.root()))
      .setPlaintextBytes(100).setCipherSuite("test").setCapsule(ByteBuffer.allocate(1))
      .setCipherHeader(ByteBuffer.allocate(1)).setChunks(List.of())
      .setSignerAddress("0x0000000000000000000000000000000000000000").setSignature(ByteBuffer.allocate(65)).build());
  private final MerkleTree batch = MerkleTree.of(List.of(ManifestRef.hashOf("another".getBytes()),
      ManifestRef.hashOf(manifest)));
  private final AnchorReceipt receipt = AnchorReceipt.newBuilder()
      .setManifestHash(ByteBuffer.wrap(ManifestRef.hashOf(manifest))).setDeviceId("veh-1")
      .setIntervalStartMs(0).setIntervalEndMs(60_000).setDataset("d").setBatchRoot(ByteBuffer.wrap(batch.root()))
      .setLeafIndex(1).setLeafCount(2).setInclusionProof(ByteBuffer.wrap(batch.inclusionProof(1).toBytes()))
      .setChainId(1).setBlockHeight(7).setBlockHash(ByteBuffer.allocate(32)).setBlockTimestampMs(1)
      .setTxHash(ByteBuffer.allocate(32)).setSubmitterAddress("0x0000000000000000000000000000000000000000").build();
  private final ValidatorSet validators = new ValidatorSet(1, List.of(AccountPrivateKey.generate().publicKey().address()));
  private final ReceiptVerifier noBlocks = new ReceiptVerifier(height -> Optional.empty(), validators);

  @Test
  void aProofFileRoundTripsAndItsLinksUpToTheBatchRootHold() throws Exception {
    Path file = dir.resolve("proof.json");
    ReadingProof.of(validators, readings.get(3), interval.inclusionProof(3), manifest, receipt).write(file);
    ReadingProof read = ReadingProof.read(file);
    assertEquals(validators, read.validatorSet());
    assertEquals(receipt, read.decodedReceipt());
    // Reading, interval and batch links hold; the block is what is missing here.
    assertEquals(Outcome.MISSING_ON_CHAIN, read.verify(noBlocks).outcome());
  }

  @Test
  void anotherReadingOrAnAlteredManifestIsCaught() throws Exception {
    ReadingProof wrongReading = ReadingProof.of(validators, readings.get(2), interval.inclusionProof(3), manifest,
        receipt);
    assertEquals(Outcome.PROOF_WRONG, wrongReading.verify(noBlocks).outcome());
    byte[] altered = manifest.clone();
    altered[altered.length - 1] ^= 1; // in the signature: still decodes, hashes differently
    ReadingProof alteredManifest = ReadingProof.of(validators, readings.get(3), interval.inclusionProof(3), altered,
        receipt);
    assertEquals(Outcome.MANIFEST_ALTERED, alteredManifest.verify(noBlocks).outcome());
  }

  @Test
  void aFileThatIsNotAProofIsOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("junk.json"), "{\"hello\":");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadingProof.read(file));
    assertTrue(e.getMessage().contains("is not a proof file"), e.getMessage());
  }
}
