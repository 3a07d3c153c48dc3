package io.cpchain.jobs.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.client.BlockFollower;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainSplitTest {

  private final ChainSplit.Serializer splits = new ChainSplit.Serializer();
  private final ChainSplit.PendingSerializer pending = new ChainSplit.PendingSerializer();

  @Test
  void aSplitComesBackFromItsCheckpointAtTheSameHeightAndHash() throws IOException {
    ChainSplit start = ChainSplit.fromStart();
    ChainSplit later = new ChainSplit(new BlockFollower.Position(42, Hash.keccak(new byte[] {7})));
    assertEquals(start, splits.deserialize(1, splits.serialize(start)));
    assertEquals(later, splits.deserialize(1, splits.serialize(later)));
    assertEquals(List.of(later), pending.deserialize(1, pending.serialize(List.of(later))));
    assertEquals(List.of(), pending.deserialize(1, pending.serialize(List.of())));
  }

  @Test
  void aCheckpointOfAnotherVersionOrOfTwoChainsIsRefused() throws IOException {
    byte[] split = splits.serialize(ChainSplit.fromStart());
    assertEquals("chain split of version 2, this job reads version 1",
        assertThrows(IOException.class, () -> splits.deserialize(2, split)).getMessage());
    byte[] two = pending.serialize(List.of(ChainSplit.fromStart(), ChainSplit.fromStart()));
    assertEquals("2 pending chain splits; there is one chain",
        assertThrows(IOException.class, () -> pending.deserialize(1, two)).getMessage());
  }
}
