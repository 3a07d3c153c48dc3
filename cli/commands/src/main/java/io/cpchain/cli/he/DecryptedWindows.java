package io.cpchain.cli.he;

import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.he.traffic.TrafficDecryptor;
import io.cpchain.he.traffic.TrafficWindow;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.cli.stack.TopicScan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The analyst's reading of analytics.traffic.encrypted: every window under their key, decrypted, by start. */
public final class DecryptedWindows {

  public static final String TOPIC = "analytics.traffic.encrypted";

  private DecryptedWindows() {}

  /** Regions of each window, by window start; windows under another key are skipped. */
  public static NavigableMap<Long, List<TrafficWindow>> read(String bootstrapServers, String topic, AnalyticsKeyFile secretKey)
      throws IOException {
    AvroMessages<EncryptedTrafficWindow> messages = AvroMessages.of(EncryptedTrafficWindow.class);
    NavigableMap<Long, List<TrafficWindow>> windows = new TreeMap<>();
    List<EncryptedTrafficWindow> encrypted = new ArrayList<>();
    TopicScan.scan(bootstrapServers, topic, record -> encrypted.add(decode(messages, record.value())));
    try (TrafficDecryptor decryptor = new TrafficDecryptor(secretKey)) {
      for (EncryptedTrafficWindow window : encrypted) {
        if (window.getKeyId().equals(decryptor.keyId())) {
          TrafficWindow decrypted = decryptor.decrypt(window);
          windows.computeIfAbsent(decrypted.windowStartMs(), start -> new ArrayList<>()).add(decrypted);
        }
      }
    }
    return windows;
  }

  public static <T extends org.apache.avro.specific.SpecificRecord> T decode(AvroMessages<T> messages, byte[] value) {
    try {
      return messages.decode(value);
    } catch (IOException e) {
      throw new UncheckedIOException("a record on the topic does not decode", e);
    }
  }
}
