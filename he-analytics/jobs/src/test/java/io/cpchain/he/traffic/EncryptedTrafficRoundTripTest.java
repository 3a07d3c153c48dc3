package io.cpchain.he.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EncryptedTrafficWindow;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gateway encrypts, aggregator adds (no key), analyst decrypts: the sums are exact. */
class EncryptedTrafficRoundTripTest {

  private static HeSecretKey secretKey;
  private static HePublicKey publicKey;

  @BeforeAll
  static void keys() {
    HeKeyPair pair = HeKeyPair.generate(TrafficLayout.PARAMETERS);
    secretKey = pair.secretKey();
    publicKey = pair.publicKey();
  }

  @Test
  void theDecryptedSumOfContributionsIsTheSumOfTheirVectors(@TempDir Path dir) throws Exception {
    Random random = new Random(9);
    long[] expected = new long[8192];
    List<byte[]> ciphertexts = new ArrayList<>();
    try (ContributionEncryptor encryptor = new ContributionEncryptor(publicKey)) {
      for (int c = 0; c < 12; c++) {
        long[] vector = new long[8192];
        for (int i = 0; i < vector.length; i += 1 + random.nextInt(50)) {
          // Up to the largest a squared-speed lane can hold for one vehicle in a long window.
          vector[i] = random.nextLong(1L << 40);
          expected[i] += vector[i];
        }
        ciphertexts.add(encryptor.encrypt(vector));
      }
    }
    byte[] sum;
    try (CiphertextSum aggregator = new CiphertextSum()) {
      sum = aggregator.sum(ciphertexts);
    }
    char[] password = "analyst".toCharArray();
    secretKey.write(dir.resolve("analyst.key"), password, new KeyFile.ScryptParams(1 << 10, 8, 1));
    HeSecretKey reread = HeSecretKey.read(dir.resolve("analyst.key"), password);
    try (TrafficDecryptor decryptor = new TrafficDecryptor(reread)) {
      TrafficWindow window = decryptor.decrypt(new EncryptedTrafficWindow(secretKey.keyId(), 0, 0L, 1L, 12,
          ByteBuffer.wrap(sum)));
      assertEquals(12, window.contributions());
      long[] slots = new long[8192];
      for (SegmentTraffic s : window.segments()) {
        slots[TrafficLayout.slot(TrafficLayout.Metric.VEHICLES, s.segment())] = s.vehicles();
        slots[TrafficLayout.slot(TrafficLayout.Metric.READINGS, s.segment())] = s.readings();
        slots[TrafficLayout.slot(TrafficLayout.Metric.SPEED_DECI_KMH, s.segment())] = s.speedDeciKmhSum();
        slots[TrafficLayout.slot(TrafficLayout.Metric.SPEED_DECI_KMH_SQUARED, s.segment())] = s.speedDeciKmhSquaredSum();
        slots[TrafficLayout.slot(TrafficLayout.Metric.HARSH_BRAKING, s.segment())] = s.harshBrakings();
      }
      // Segments without vehicles are left out of the window, so compare only the lanes of those with some.
      for (int segment = 0; segment < 1024; segment++) {
        if (expected[segment] == 0) {
          for (int lane = 0; lane < 5; lane++) {
            expected[lane * 1024 + segment] = 0;
          }
        }
      }
      for (int i = 5 * 1024; i < 8192; i++) {
        expected[i] = 0;
      }
      assertArrayEquals(expected, slots);

      EncryptedTrafficWindow foreign = new EncryptedTrafficWindow("00ff", 0, 0L, 1L, 1, ByteBuffer.wrap(sum));
      IllegalArgumentException wrongKey = assertThrows(IllegalArgumentException.class, () -> decryptor.decrypt(foreign));
      assertTrue(wrongKey.getMessage().contains("under key 00ff"), wrongKey.getMessage());
    }

    // The analyst's reading of the topic: windows under their key by start, others skipped.
    AvroMessages<EncryptedTrafficWindow> messages = AvroMessages.of(EncryptedTrafficWindow.class);
    List<byte[]> topic = List.of(
        messages.encode(new EncryptedTrafficWindow(secretKey.keyId(), 1, 10_000L, 20_000L, 12, ByteBuffer.wrap(sum))),
        messages.encode(new EncryptedTrafficWindow("00ff", 1, 20_000L, 30_000L, 1, ByteBuffer.wrap(sum))),
        messages.encode(new EncryptedTrafficWindow(secretKey.keyId(), 0, 10_000L, 20_000L, 12, ByteBuffer.wrap(sum))));
    NavigableMap<Long, List<TrafficWindow>> windows = DecryptedWindows.decrypt(topic, reread);
    assertEquals(List.of(10_000L), List.copyOf(windows.keySet()));
    assertEquals(List.of(1, 0), windows.get(10_000L).stream().map(TrafficWindow::region).toList());
  }
}
