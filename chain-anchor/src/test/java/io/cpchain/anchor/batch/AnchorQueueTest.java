package io.cpchain.anchor.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.cpchain.anchor.TestManifests.manifest;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.merkle.MerkleTree;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnchorQueueTest {

  @Test
  void aBatchIsSealedOneUploadIntervalAfterItsFirstManifestOrWhenFull() {
    AnchorQueue queue = new AnchorQueue(10_000, 4);
    queue.add(manifest(0, 100));
    queue.add(manifest(1, 5_000));
    queue.sealIfDue(10_099);
    assertEquals(0, queue.sealed().size(), "not yet u after the first manifest");
    queue.sealIfDue(10_100);
    assertEquals(List.of(2), queue.sealed().stream().map(Batch::size).toList());

    IntStream.range(2, 7).forEach(i -> queue.add(manifest(i, 10_200)));
    assertEquals(List.of(2, 4), queue.sealed().stream().map(Batch::size).toList(), "full at 4: sealed at once");
    assertEquals(1, queue.open().size());
  }

  @Test
  void onlyBatchesHeldByACompletedCheckpointMayGoToTheChain() {
    AnchorQueue queue = new AnchorQueue(1, 100);
    queue.add(manifest(0, 0));
    queue.sealIfDue(1);
    assertTrue(queue.submittable().isEmpty(), "in no checkpoint yet");
    queue.checkpointing(7);
    queue.add(manifest(1, 2));
    queue.sealIfDue(3);
    assertTrue(queue.submittable().isEmpty(), "checkpoint 7 not complete");
    queue.checkpointCompleted(7);
    assertEquals(1, queue.submittable().size(), "the batch sealed after checkpoint 7 waits for the next one");
    queue.checkpointing(8);
    queue.checkpointCompleted(8);
    assertEquals(2, queue.submittable().size());
    queue.anchored(queue.submittable().get(0));
    assertEquals(1, queue.sealed().size());
  }

  @Test
  void theBatchRootIsTheRfc6962RootOfTheManifestHashesAndEveryProofLeadsToIt() {
    List<ManifestRef> manifests = IntStream.range(0, 7).mapToObj(i -> manifest(i, 0)).toList();
    Batch batch = new Batch(manifests, 0, Batch.NO_CHECKPOINT, null, 0);
    byte[] root = MerkleTree.of(manifests.stream().map(ManifestRef::hash).toList()).root();
    assertEquals(Hash.of(root), batch.root());
    for (int i = 0; i < manifests.size(); i++) {
      assertTrue(batch.proof(i).verifyLeaf(manifests.get(i).hash(), root));
      assertTrue(!batch.proof(i).verifyLeaf(manifests.get((i + 1) % 7).hash(), root), "another leaf at " + i);
    }
    assertEquals(0, batch.intervalStartMs());
    assertEquals(7_000, batch.intervalEndMs());
  }
}
