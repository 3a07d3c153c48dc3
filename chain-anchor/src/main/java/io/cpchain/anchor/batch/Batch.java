package io.cpchain.anchor.batch;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.merkle.InclusionProof;
import io.cpchain.crypto.merkle.MerkleTree;
import java.util.List;

/**
 * A sealed batch: an RFC 6962 tree over its manifests' hashes (in arrival order), whose root is what
 * one Anchor transaction records and what identifies the batch on the chain. Mutable only in its
 * anchoring progress: the checkpoint that first holds it and the transaction last submitted for it.
 */
public final class Batch {

  /** Not yet in any checkpoint. */
  public static final long NO_CHECKPOINT = -1;

  private final List<ManifestRef> manifests;
  private final long sealedAtMs;
  private final MerkleTree tree;
  private long checkpointId;
  private Hash txHash;
  private long submittedAtMs;
  private boolean restored;

  public Batch(List<ManifestRef> manifests, long sealedAtMs, long checkpointId, Hash txHash, long submittedAtMs) {
    if (manifests.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one manifest");
    }
    this.manifests = List.copyOf(manifests);
    this.sealedAtMs = sealedAtMs;
    this.tree = MerkleTree.of(this.manifests.stream().map(ManifestRef::hash).toList());
    this.checkpointId = checkpointId;
    this.txHash = txHash;
    this.submittedAtMs = submittedAtMs;
  }

  static Batch sealed(List<ManifestRef> manifests, long nowMs) {
    return new Batch(manifests, nowMs, NO_CHECKPOINT, null, 0);
  }

  public List<ManifestRef> manifests() {
    return manifests;
  }

  public int size() {
    return manifests.size();
  }

  public long sealedAtMs() {
    return sealedAtMs;
  }

  public Hash root() {
    return Hash.of(tree.root());
  }

  public InclusionProof proof(int index) {
    return tree.inclusionProof(index);
  }

  /** Earliest interval start and latest interval end of its manifests: the Anchor's range. */
  public long intervalStartMs() {
    return manifests.stream().mapToLong(ManifestRef::intervalStartMs).min().orElseThrow();
  }

  public long intervalEndMs() {
    return manifests.stream().mapToLong(ManifestRef::intervalEndMs).max().orElseThrow();
  }

  public long checkpointId() {
    return checkpointId;
  }

  /** Restored from a checkpoint: a previous run may have anchored it already. */
  public boolean restored() {
    return restored;
  }

  void markRestored() {
    restored = true;
  }

  void checkpointed(long id) {
    if (checkpointId == NO_CHECKPOINT) {
      checkpointId = id;
    }
  }

  /** The transaction last submitted for this batch, or null. */
  public Hash txHash() {
    return txHash;
  }

  public long submittedAtMs() {
    return submittedAtMs;
  }

  void submitted(Hash tx, long nowMs) {
    txHash = tx;
    submittedAtMs = nowMs;
  }
}
