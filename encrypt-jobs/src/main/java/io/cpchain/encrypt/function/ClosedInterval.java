package io.cpchain.encrypt.function;

import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.encrypt.interval.Interval;
import io.cpchain.encrypt.interval.IntervalPlaintext;

/**
 * A window that closed: one device's readings of one encryption interval, already serialised and
 * Merkle-rooted, waiting to be encrypted to its owner's key. Flat fields: Flink serialises it as a
 * POJO, in state while the owner's key is not known yet.
 */
public record ClosedInterval(String deviceId, String ownerId, long startMs, long endMs, int readingCount,
    byte[] container, byte[] merkleRoot) {

  public Interval toInterval(UmbralPublicKey ownerKey) {
    return new Interval(deviceId, ownerId, ownerKey, startMs, endMs,
        new IntervalPlaintext(readingCount, container, merkleRoot));
  }
}
