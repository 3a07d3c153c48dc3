package io.cpchain.encrypt.interval;

import java.util.List;
import io.cpchain.schemas.ValidReading;

/**
 * What an interval encrypts: its readings in event-time order as an Avro container, their count,
 * and the RFC 6962 root over them. Computed where the readings are gathered (the window), so only
 * these bytes travel on to encryption.
 */
public record IntervalPlaintext(int readingCount, byte[] container, byte[] merkleRoot) {

  public static IntervalPlaintext of(List<ValidReading> readings) {
    List<ValidReading> sorted = ReadingsCodec.inEventTimeOrder(readings);
    return new IntervalPlaintext(sorted.size(), ReadingsCodec.container(sorted),
        ReadingsCodec.merkleTree(sorted).root());
  }
}
