package io.cpchain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RendezvousPlacementTest {

  private static final List<StorageNode> FOUR = nodes(4);

  @Property(tries = 200)
  void everyoneComputesTheSameOrderFromTheNodeListAlone(@ForAll byte[] content) {
    ChunkId chunk = ChunkId.of(content);
    List<StorageNode> shuffled = new ArrayList<>(FOUR);
    java.util.Collections.reverse(shuffled);
    assertEquals(new RendezvousPlacement(FOUR).order(chunk), new RendezvousPlacement(shuffled).order(chunk));
  }

  @Test
  void chunksSpreadEvenlyOverTheNodes() {
    RendezvousPlacement placement = new RendezvousPlacement(FOUR);
    Map<String, Integer> firstChoice = new HashMap<>();
    int chunks = 20_000;
    for (int i = 0; i < chunks; i++) {
      firstChoice.merge(placement.order(chunk(i)).get(0).id(), 1, Integer::sum);
    }
    for (int count : firstChoice.values()) {
      assertTrue(Math.abs(count - chunks / 4) < chunks / 4 * 0.05, "within 5 % of a fair share: " + firstChoice);
    }
  }

  @Test
  void removingANodeMovesOnlyTheChunksItHeld() {
    RendezvousPlacement before = new RendezvousPlacement(FOUR);
    RendezvousPlacement after = new RendezvousPlacement(FOUR.subList(0, 3)); // node-3 leaves
    int moved = 0;
    for (int i = 0; i < 10_000; i++) {
      List<StorageNode> was = before.order(chunk(i)).subList(0, 2);
      List<StorageNode> now = after.order(chunk(i)).subList(0, 2);
      boolean held = was.stream().anyMatch(n -> n.id().equals("node-3"));
      if (!held) {
        assertEquals(was, now, "a chunk node-3 did not hold stays where it was");
      } else {
        moved++;
        assertTrue(now.containsAll(was.stream().filter(n -> !n.id().equals("node-3")).toList()),
            "the surviving copy stays put");
      }
    }
    assertTrue(moved > 0 && moved < 10_000 * 0.6, "about half the chunks had a copy on node-3: " + moved);
  }

  @Test
  void chunkIdsAreSha256AndRejectAnythingElse() {
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ChunkId.of(new byte[0]).hex());
    assertTrue(ChunkId.of("x".getBytes()).matches("x".getBytes()));
    assertTrue(!ChunkId.of("x".getBytes()).matches("y".getBytes()));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ChunkId("../etc/passwd"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new ChunkId("ABC"));
  }

  @Test
  void nodeListsParseAndNameWhatIsWrong() {
    List<StorageNode> nodes = StorageNode.parseList("a=http://127.0.0.1:9101, b=http://127.0.0.1:9102");
    assertEquals(List.of("a", "b"), nodes.stream().map(StorageNode::id).toList());
    assertEquals(nodes, StorageNode.parseList(StorageNode.formatList(nodes)));
    assertEquals("storage node ids must be unique: a=http://x:1,a=http://y:2",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> StorageNode.parseList("a=http://x:1,a=http://y:2")).getMessage());
    StorageNode aws = StorageNode.parseList("eu=https://s3.eu-west-1.amazonaws.com/acme-cpchain?region=eu-west-1")
        .get(0);
    assertEquals(URI.create("https://s3.eu-west-1.amazonaws.com"), aws.endpoint());
    assertEquals("acme-cpchain", aws.bucket());
    assertEquals("eu-west-1", aws.region());
    assertEquals(StorageNode.DEFAULT_BUCKET, nodes.get(0).bucket());
    for (String[] bad : new String[][] {
        {"a=http://x:1/Bad_Bucket", "storage node a: 'Bad_Bucket' is not an S3 bucket name (3 to 63 lowercase"
            + " letters, digits, dots and hyphens)"},
        {"a=http://x:1/b1/more", "storage node a: the URL's path is one bucket name, not 'b1/more'"},
        {"a=http://x:1/b12?acl=public", "storage node a: the only URL parameter is region=name, not 'acl=public'"},
        {"a=ftp://x:1", "storage node a needs an http(s)://host:port URL"}}) {
      assertEquals(bad[1], org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> StorageNode.parseList(bad[0])).getMessage(), bad[0]);
    }
  }

  private static ChunkId chunk(int i) {
    return ChunkId.of(("chunk " + i).getBytes(StandardCharsets.UTF_8));
  }

  private static List<StorageNode> nodes(int count) {
    List<StorageNode> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      nodes.add(new StorageNode("node-" + i, URI.create("http://127.0.0.1:" + (9101 + i))));
    }
    return nodes;
  }
}
