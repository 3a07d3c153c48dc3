package io.cpchain.encrypt.state;

import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An interval that cannot be encrypted because its owner's epoch key did not come (or is no longer
 * held), as dead letters: one per reading, each the reading's single-object encoding as it came from
 * the valid topic (like a late reading's), so that the readings are kept whole and can be sent again
 * once the owner has published the key.
 */
public final class NoEpochKeyDeadLetters {

  private NoEpochKeyDeadLetters() {}

  /**
   * @param container the interval's readings as its Avro container ({@code IntervalPlaintext})
   * @param detail why, naming the interval and the epoch key it waited for
   */
  public static List<DeadLetter> of(String deviceId, byte[] container, String sourceTopic, String detail,
      long rejectedAtMs) {
    List<ValidReading> readings;
    try {
      readings = ReadingsCodec.readContainer(container);
    } catch (IOException e) {
      throw new UncheckedIOException("the container the window wrote for " + deviceId + " does not read back", e);
    }
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    List<DeadLetter> letters = new ArrayList<>(readings.size());
    for (ValidReading reading : readings) {
      letters.add(DeadLetter.newBuilder()
          .setOriginalBytes(ByteBuffer.wrap(messages.encode(reading)))
          .setSourceTopic(sourceTopic)
          // The offset is not carried past decoding; the reading's own fields identify it.
          .setSourcePartition(-1)
          .setSourceOffset(-1)
          .setReason(RejectReason.NO_EPOCH_KEY)
          .setDetail(detail)
          .setDeviceId(deviceId)
          .setRejectedAtMs(rejectedAtMs)
          .build());
    }
    return letters;
  }
}
