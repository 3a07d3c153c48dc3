package io.cpchain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chunk store over four real S3-compatible nodes (s3proxy processes), two copies per chunk. */
class ChunkStoreITCase {

  @TempDir static Path dir;
  private static LocalStorageNodes nodes;
  private static ChunkStore store;
  private static final Random RANDOM = new Random(17);

  @BeforeAll
  static void startNodes() throws Exception {
    nodes = new LocalStorageNodes(dir, 4);
    store = new ChunkStore(nodes.stores(), 2);
  }

  @AfterAll
  static void stopNodes() throws Exception {
    nodes.close();
  }

  @Test
  void aChunkGoesToItsTwoRendezvousNodesAndComesBackIntact() throws Exception {
    byte[] chunk = randomChunk(64 * 1024);
    ChunkPlacement placement = store.put(chunk);

    List<String> expected = new RendezvousPlacement(nodes.stores().stream().map(NodeStore::node).toList())
        .order(placement.chunk()).subList(0, 2).stream().map(StorageNode::id).toList();
    assertEquals(expected, placement.nodeIds());
    for (String nodeId : placement.nodeIds()) {
      assertTrue(Files.exists(nodes.fileOf(nodes.indexOf(nodeId), placement.chunk())), nodeId + " holds a copy");
    }
    assertArrayEquals(chunk, store.get(placement));
    assertEquals(placement, store.put(chunk), "writing the same chunk again is the same placement");
  }

  @Test
  void aNodeDownAtWriteTimeIsSkippedAndReadsUseTheOtherCopy() throws Exception {
    byte[] chunk = randomChunk(10_000);
    ChunkId id = ChunkId.of(chunk);
    List<StorageNode> order = new RendezvousPlacement(nodes.stores().stream().map(NodeStore::node).toList()).order(id);
    int down = nodes.indexOf(order.get(0).id());
    nodes.stop(down);
    try {
      ChunkPlacement placement = store.put(chunk);
      assertEquals(List.of(order.get(1).id(), order.get(2).id()), placement.nodeIds(),
          "the copy goes to the next node in the order, and the placement says so");
      assertArrayEquals(chunk, store.get(placement));
      assertEquals(-1L, store.status().get(order.get(0).id()), "status shows the node down");
    } finally {
      nodes.start(down);
      nodes.awaitReady(down);
    }
  }

  @Test
  void aFlippedByteIsDetectedAndTheIntactCopyServed() throws Exception {
    byte[] chunk = randomChunk(4_096);
    ChunkPlacement placement = store.put(chunk);
    Path first = nodes.fileOf(nodes.indexOf(placement.nodeIds().get(0)), placement.chunk());
    flipByte(first, 100);
    assertArrayEquals(chunk, store.get(placement), "served from the second copy");

    flipByte(nodes.fileOf(nodes.indexOf(placement.nodeIds().get(1)), placement.chunk()), 7);
    StorageException e = assertThrows(StorageException.class, () -> store.get(placement));
    assertTrue(e.getMessage().contains("chunk " + placement.chunk()) && e.getMessage().contains("altered"),
        e.getMessage());
  }

  @Test
  void repairRestoresTwoIntactCopies() throws Exception {
    byte[] chunk = randomChunk(2_048);
    ChunkPlacement placement = store.put(chunk);
    Path lost = nodes.fileOf(nodes.indexOf(placement.nodeIds().get(0)), placement.chunk());
    Files.delete(lost);

    assertTrue(store.repair() >= 1);

    long intactCopies = 0;
    for (NodeStore node : nodes.stores()) {
      var copy = node.get(placement.chunk());
      if (copy.isPresent() && placement.chunk().matches(copy.get())) {
        intactCopies++;
      }
    }
    assertEquals(2, intactCopies);
    assertTrue(Files.exists(lost), "restored to its rendezvous node, the first in its order");
  }

  @Test
  void aWriteInFlightOnANodeIsNoChunkAndRepairGoesOn() throws Exception {
    byte[] chunk = randomChunk(1_024);
    ChunkPlacement placement = store.put(chunk);
    // The filesystem-backed S3 server writes an object to <name>-<uuid> and renames it when complete; a
    // listing meanwhile shows the temporary name.
    int node = nodes.indexOf(placement.nodeIds().get(0));
    Path inFlight = nodes.fileOf(node, placement.chunk())
        .resolveSibling(placement.chunk().hex() + "-" + java.util.UUID.randomUUID());
    Files.write(inFlight, chunk);
    try {
      // threw "a chunk id is 64 lowercase hex digits" for the temporary name, and repair stopped with it
      assertTrue(nodes.stores().get(node).list().contains(placement.chunk()));
      store.repair();
    } finally {
      Files.delete(inFlight);
    }
  }

  @Test
  void statusCountsEveryNodesChunks() throws Exception {
    store.put(randomChunk(100));
    Map<String, Long> status = store.status();
    assertEquals(4, status.size());
    assertTrue(status.values().stream().mapToLong(Long::longValue).sum() >= 2);
    assertFalse(status.containsValue(-1L), "all nodes answer: " + status);
  }

  private static byte[] randomChunk(int size) {
    byte[] chunk = new byte[size];
    RANDOM.nextBytes(chunk);
    return chunk;
  }

  private static void flipByte(Path file, int at) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
  }
}
