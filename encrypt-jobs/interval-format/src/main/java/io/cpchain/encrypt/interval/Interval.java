package io.cpchain.encrypt.interval;

import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.schemas.ValidReading;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One device's readings of one encryption interval [start, end) of event time, and the epoch key the
 * owner certified for the interval's (device, key epoch): what the interval key is encapsulated to.
 */
public record Interval(String deviceId, String ownerId, UmbralPublicKey epochKey, long startMs, long endMs,
    IntervalPlaintext plaintext) {

  public Interval {
    if (endMs <= startMs) {
      throw new IllegalArgumentException("an interval ends after it starts");
    }
  }

  public Interval(String deviceId, String ownerId, UmbralPublicKey epochKey, long startMs, long endMs,
      List<ValidReading> readings) {
    this(deviceId, ownerId, epochKey, startMs, endMs, IntervalPlaintext.of(readings));
  }

  /**
   * What every chunk of the interval authenticates besides its index: the device and the interval,
   * so a chunk moved to another device's or another interval's ciphertext does not decrypt.
   */
  public static byte[] associatedData(String deviceId, long startMs, long endMs) {
    return ("cpchain-interval-v1|" + deviceId + "|" + startMs + "|" + endMs).getBytes(StandardCharsets.UTF_8);
  }
}
