package io.cpchain.anchor.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import static io.cpchain.anchor.TestManifests.manifest;

import io.cpchain.anchor.batch.AnchorQueue;
import io.cpchain.anchor.batch.Batch;
import io.cpchain.consensus.api.Hash;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AnchorStateSerializerTest {

  @Test
  void aCheckpointedQueueComesBackWithTheSameBatchesRootsAndSubmissions() throws IOException {
    AnchorQueue queue = new AnchorQueue(1_000, 3);
    IntStream.range(0, 8).forEach(i -> queue.add(manifest(i, i)));
    queue.checkpointing(4);
    byte[] bytes = AnchorStateSerializer.serialize(queue);

    AnchorQueue restored = AnchorStateSerializer.deserialize(bytes, 1_000, 3);
    assertEquals(queue.open(), restored.open());
    assertEquals(queue.sealed().stream().map(Batch::root).toList(), restored.sealed().stream().map(Batch::root).toList());
    assertEquals(queue.sealed().get(1).manifests(), restored.sealed().get(1).manifests());
    assertEquals(2, restored.submittable().size(), "restored batches were in a completed checkpoint");
    assertEquals(List.of(4L, 4L), restored.sealed().stream().map(Batch::checkpointId).toList());
    assertEquals(bytes.length, AnchorStateSerializer.serialize(restored).length);
  }

  @Test
  void aSubmittedTransactionSurvivesARestore() throws IOException {
    Batch batch = new Batch(List.of(manifest(1, 0)), 5, 2,
        Hash.keccak("tx".getBytes()), 9);
    AnchorQueue queue = AnchorQueue.restore(1_000, 3, List.of(), List.of(batch));
    Batch back = AnchorStateSerializer.deserialize(AnchorStateSerializer.serialize(queue), 1_000, 3).sealed().get(0);
    assertEquals(Hash.keccak("tx".getBytes()), back.txHash());
    assertEquals(9, back.submittedAtMs());
    assertEquals(5, back.sealedAtMs());
  }

  @Test
  void anUnknownVersionOrTrailingBytesAreRefused() {
    byte[] bytes = AnchorStateSerializer.serialize(new AnchorQueue(1, 1));
    bytes[0] = 9;
    assertThrows(IOException.class, () -> AnchorStateSerializer.deserialize(bytes, 1, 1));
    byte[] longer = Arrays.copyOf(AnchorStateSerializer.serialize(new AnchorQueue(1, 1)), 10);
    assertThrows(IOException.class, () -> AnchorStateSerializer.deserialize(longer, 1, 1));
  }
}
