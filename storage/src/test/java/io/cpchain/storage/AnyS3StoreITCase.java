package io.cpchain.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node URL names the bucket and region of any S3 store (an AWS bucket name is global, so the
 * default one is rarely free there): chunks go in that bucket, on s3proxy's filesystem backend (the
 * local stack's) and its in-memory one alike, and a node on another bucket of the same server sees none.
 */
class AnyS3StoreITCase {

  @TempDir
  Path dir;
  private final Random random = new Random(5);

  @Test
  void chunksGoInTheBucketTheNodeUrlNamesOnTheFilesystemBackend() throws Exception {
    try (LocalStorageNodes nodes = new LocalStorageNodes(dir, 1)) {
      NodeStore named = roundTrip(nodes, "fs");
      ChunkId id = named.list().iterator().next();
      assertTrue(Files.isRegularFile(nodes.dataDir(0).resolve("acme-eu-chunks").resolve(id.hex())),
          "the object is in the named bucket's directory");
    }
  }

  @Test
  void chunksGoInTheBucketTheNodeUrlNamesOnTheInMemoryBackend() throws Exception {
    try (LocalStorageNodes nodes = LocalStorageNodes.inMemory(dir, 1)) {
      roundTrip(nodes, "mem");
    }
  }

  /** Writes a chunk through a node on bucket {@code acme-eu-chunks}, region eu-west-1, and reads it back. */
  private NodeStore roundTrip(LocalStorageNodes nodes, String id) throws Exception {
    String url = id + "=" + nodes.nodes().get(0).endpoint() + "/acme-eu-chunks?region=eu-west-1";
    StorageNode node = StorageNode.parseList(url).get(0);
    assertEquals("acme-eu-chunks", node.bucket());
    assertEquals("eu-west-1", node.region());
    assertEquals(url, StorageNode.formatList(java.util.List.of(node)));
    NodeStore named = new S3NodeStore(node, nodes.credentials());
    byte[] chunk = new byte[32 * 1024];
    random.nextBytes(chunk);
    ChunkId chunkId = ChunkId.of(chunk);
    named.put(chunkId, chunk);
    assertArrayEquals(chunk, named.get(chunkId).orElseThrow());
    assertEquals(Set.of(chunkId), named.list());
    NodeStore otherBucket = new S3NodeStore(nodes.nodes().get(0), nodes.credentials());
    assertTrue(otherBucket.get(chunkId).isEmpty(), "the default bucket holds none of the named one's chunks");
    return named;
  }
}
