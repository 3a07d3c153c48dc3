package io.cpchain.anchor.verify;

import io.cpchain.anchor.verify.ReceiptVerifier.Outcome;
import io.cpchain.anchor.verify.ReceiptVerifier.Verdict;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.StorageException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One interval end to end: its manifest is anchored (the receipt verifies against a final block, see
 * {@link ReceiptVerifier}) and every recorded copy of every chunk in storage still hashes to the
 * content address the manifest names. The verdict says exactly what failed first.
 */
public final class IntervalVerifier {

  private final ReceiptVerifier receipts;
  private final Map<String, NodeStore> stores;
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  public IntervalVerifier(ReceiptVerifier receipts, List<? extends NodeStore> stores) {
    this.receipts = receipts;
    this.stores = stores.stream().collect(Collectors.toMap(s -> s.node().id(), Function.identity()));
  }

  /** {@code receipt}: the one found for this manifest's hash, or empty if there is none. */
  public Verdict verify(byte[] publishedManifest, Optional<AnchorReceipt> receipt) {
    IntervalManifest manifest;
    try {
      manifest = manifests.decode(publishedManifest);
    } catch (IOException | RuntimeException e) {
      return new Verdict(Outcome.MANIFEST_ALTERED, "the manifest does not decode: " + e.getMessage());
    }
    if (receipt.isEmpty()) {
      return new Verdict(Outcome.MISSING_ON_CHAIN, "no anchor receipt for this manifest");
    }
    Verdict anchored = receipts.verify(publishedManifest, receipt.get());
    if (!anchored.verified()) {
      return anchored;
    }
    for (ChunkRef chunk : manifest.getChunks()) {
      ChunkId id = new ChunkId(chunk.getSha256());
      for (String node : chunk.getNodes()) {
        NodeStore store = stores.get(node);
        if (store == null) {
          return new Verdict(Outcome.CHUNK_MISSING, "chunk " + id + " is on node " + node + ", which is not configured");
        }
        Optional<byte[]> copy;
        try {
          copy = store.get(id);
        } catch (StorageException e) {
          return new Verdict(Outcome.CHUNK_MISSING, "chunk " + id + " on node " + node + ": " + e.getMessage());
        }
        if (copy.isEmpty()) {
          return new Verdict(Outcome.CHUNK_MISSING, "chunk " + id + " is not on node " + node);
        }
        if (!id.matches(copy.get())) {
          return new Verdict(Outcome.CHUNK_ALTERED, "chunk " + id + " on node " + node + " does not hash to its name");
        }
      }
    }
    return anchored;
  }
}
