package io.cpchain.he.traffic;

import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EncryptedTrafficWindow;
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

  /**
   * Regions of each window, by window start, from the topic's record values (Avro
   * {@link EncryptedTrafficWindow}s); windows under another key are skipped.
   */
  public static NavigableMap<Long, List<TrafficWindow>> decrypt(List<byte[]> values, HeSecretKey secretKey) {
    AvroMessages<EncryptedTrafficWindow> messages = AvroMessages.of(EncryptedTrafficWindow.class);
    NavigableMap<Long, List<TrafficWindow>> windows = new TreeMap<>();
    try (TrafficDecryptor decryptor = new TrafficDecryptor(secretKey)) {
      for (byte[] value : values) {
        EncryptedTrafficWindow window = decode(messages, value);
        if (window.getKeyId().equals(decryptor.keyId())) {
          TrafficWindow decrypted = decryptor.decrypt(window);
          windows.computeIfAbsent(decrypted.windowStartMs(), start -> new ArrayList<>()).add(decrypted);
        }
      }
    }
    return windows;
  }

  private static EncryptedTrafficWindow decode(AvroMessages<EncryptedTrafficWindow> messages, byte[] value) {
    try {
      return messages.decode(value);
    } catch (IOException e) {
      throw new UncheckedIOException("a record on the topic does not decode", e);
    }
  }
}
