package io.cpchain.encrypt.function;

import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalPlaintext;

/**
 * A window that closed: one device's readings of one encryption interval, already serialised and
 * Merkle-rooted, waiting to be encrypted to its owner's epoch key. Flat fields: Flink serialises it as
 * a POJO, in state while that key is not known yet.
 */
public record ClosedInterval(String deviceId, String ownerId, long startMs, long endMs, int readingCount,
    byte[] container, byte[] merkleRoot) {

  public Interval toInterval(UmbralPublicKey epochKey) {
    return new Interval(deviceId, ownerId, epochKey, startMs, endMs,
        new IntervalPlaintext(readingCount, container, merkleRoot));
  }
}
