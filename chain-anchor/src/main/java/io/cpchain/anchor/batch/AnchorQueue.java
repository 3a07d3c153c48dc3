package io.cpchain.anchor.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Manifests waiting for a batch, and sealed batches waiting for the chain. A batch is sealed when the
 * upload interval has passed since its first manifest arrived, or when it is full. It may be submitted
 * only once a completed checkpoint holds it: a restart then restores the very same batch (same
 * manifests, same root), finds its root on the chain and never anchors its manifests a second time
 * in another batch. Not thread-safe; the operator owns it.
 */
public final class AnchorQueue {

  private final long uploadIntervalMs;
  private final int maxBatch;
  private final List<ManifestRef> open = new ArrayList<>();
  private final List<Batch> sealed = new ArrayList<>();
  private long lastCompletedCheckpoint = Batch.NO_CHECKPOINT;

  public AnchorQueue(long uploadIntervalMs, int maxBatch) {
    if (uploadIntervalMs < 1 || maxBatch < 1) {
      throw new IllegalArgumentException("upload interval and batch size must be positive");
    }
    this.uploadIntervalMs = uploadIntervalMs;
    this.maxBatch = maxBatch;
  }

  /** Restores a queue from its checkpointed parts; every restored batch was in a completed checkpoint. */
  public static AnchorQueue restore(long uploadIntervalMs, int maxBatch, List<ManifestRef> open, List<Batch> sealed) {
    AnchorQueue queue = new AnchorQueue(uploadIntervalMs, maxBatch);
    queue.open.addAll(open);
    for (Batch batch : sealed) {
      batch.checkpointed(0);
      batch.markRestored();
      queue.lastCompletedCheckpoint = Math.max(queue.lastCompletedCheckpoint, batch.checkpointId());
      queue.sealed.add(batch);
    }
    return queue;
  }

  public void add(ManifestRef manifest) {
    open.add(manifest);
    if (open.size() >= maxBatch) {
      seal(manifest.seenAtMs());
    }
  }

  /** Seals the open batch if the upload interval has passed since its first manifest was seen. */
  public void sealIfDue(long nowMs) {
    if (!open.isEmpty() && nowMs - open.get(0).seenAtMs() >= uploadIntervalMs) {
      seal(nowMs);
    }
  }

  private void seal(long nowMs) {
    sealed.add(Batch.sealed(open, nowMs));
    open.clear();
  }

  /** A checkpoint is being taken: every sealed batch not yet in one is in this one. */
  public void checkpointing(long checkpointId) {
    sealed.forEach(batch -> batch.checkpointed(checkpointId));
  }

  public void checkpointCompleted(long checkpointId) {
    lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
  }

  /** Sealed batches a completed checkpoint holds, oldest first: these may go to the chain. */
  public List<Batch> submittable() {
    return sealed.stream().filter(b -> b.checkpointId() != Batch.NO_CHECKPOINT
        && b.checkpointId() <= lastCompletedCheckpoint).toList();
  }

  /** The batch is final on the chain and its receipts are out. */
  public void anchored(Batch batch) {
    sealed.remove(batch);
  }

  public List<ManifestRef> open() {
    return Collections.unmodifiableList(open);
  }

  public List<Batch> sealed() {
    return Collections.unmodifiableList(sealed);
  }
}
