package io.cpchain.cli.he;

import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.he.traffic.TrafficDecryptor;
import io.cpchain.he.traffic.TrafficWindow;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EncryptedTrafficWindow;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The analyst's reading of analytics.traffic.encrypted: every window under their key, decrypted, by start. */
final class DecryptedWindows {

  static final String TOPIC = "analytics.traffic.encrypted";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private DecryptedWindows() {}

  /** Regions of each window, by window start; windows under another key are skipped. */
  static NavigableMap<Long, List<TrafficWindow>> read(String bootstrapServers, String topic, AnalyticsKeyFile secretKey)
      throws IOException {
    AvroMessages<EncryptedTrafficWindow> messages = AvroMessages.of(EncryptedTrafficWindow.class);
    NavigableMap<Long, List<TrafficWindow>> windows = new TreeMap<>();
    try (TrafficDecryptor decryptor = new TrafficDecryptor(secretKey)) {
      for (byte[] value : TopicSnapshot.read(bootstrapServers, topic, TIMEOUT)) {
        EncryptedTrafficWindow encrypted = messages.decode(value);
        if (encrypted.getKeyId().equals(decryptor.keyId())) {
          TrafficWindow window = decryptor.decrypt(encrypted);
          windows.computeIfAbsent(window.windowStartMs(), start -> new ArrayList<>()).add(window);
        }
      }
    }
    return windows;
  }
}
