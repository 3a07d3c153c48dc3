package io.cpchain.otp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.storage.LocalStorageNodes;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 backend on a real s3proxy storage node: range reads verified, a replaced or cut object caught and named. */
class S3StoreITCase {

  @Test
  void anObjectOnAStorageNodeIsReadByRangesAndCaughtWhenReplaced(@TempDir Path dir) throws Exception {
    try (LocalStorageNodes storage = new LocalStorageNodes(dir.resolve("nodes"), 1)) {
      StorageNode node = storage.nodes().get(0);
      S3NodeStore s3 = new S3NodeStore(node, storage.credentials());
      ResourceStores stores = new ResourceStores(Map.of(node.id(), s3));
      VerifiedReader reader = new VerifiedReader(stores);
      byte[] bytes = new byte[5 * 1024 + 3];
      new Random(5).nextBytes(bytes);
      Path file = Files.write(dir.resolve("data.bin"), bytes);
      ContentCommitment commitment = ContentCommitment.of(file, 1024);

      String locator = stores.put("s3://" + node.id(), file, commitment);
      assertTrue(locator.startsWith("s3://" + node.id() + "/"), locator);
      Path out = dir.resolve("out.bin");
      assertEquals(locator, reader.read(commitment, List.of(locator), out).servedBy());
      assertArrayEquals(bytes, Files.readAllBytes(out));
      Files.delete(out);

      String key = locator.substring(locator.lastIndexOf('/') + 1);
      byte[] altered = bytes.clone();
      altered[1024] ^= 4;
      s3.putObject(key, Files.write(dir.resolve("altered.bin"), altered));
      assertRefused(reader, commitment, locator, out, locator + " served altered bytes");
      s3.putObject(key, Files.write(dir.resolve("cut.bin"), Arrays.copyOf(bytes, 4096)));
      assertRefused(reader, commitment, locator, out, locator + " served truncated bytes: chunk 4 has 0 of its 1024");
      assertRefused(reader, commitment, "s3://" + node.id() + "/missing", out, "has no object missing");
      assertRefused(reader, commitment, "s3://elsewhere/" + key, out, "no storage node 'elsewhere'");
    }
  }

  static void assertRefused(VerifiedReader reader, ContentCommitment commitment, String locator, Path out,
      String reason) {
    ContentRefusedException e = assertThrows(ContentRefusedException.class,
        () -> reader.read(commitment, List.of(locator), out));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertFalse(Files.exists(out));
  }
}
