package io.cpchain.encrypt.state;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which epoch keys the job keeps for a device, so that its broadcast state stays bounded however long
 * it runs and however many devices come and go: a key whose epoch ended more than the retention ago
 * is dropped (no interval of it can still close, unless the job catches up on a backlog older than
 * that), and a device holds at most {@code perDevice} keys. Beyond that cap the keys of epochs that
 * have ended go first, oldest first, and then the latest future ones: the nearest epochs are the ones
 * intervals need next. Times are processing time: the question is how long ago, on the wall clock, an
 * epoch ended, and the key side has no event time.
 */
public record EpochKeyRetention(Duration keyEpoch, Duration retention, int perDevice) implements Serializable {

  /** What admitting a certificate did to a device's keys. */
  public record Admission(List<HeldEpochKey> kept, boolean stored, List<HeldEpochKey> expired,
      List<HeldEpochKey> overCap) {}

  private static final Comparator<HeldEpochKey> BY_EPOCH = Comparator.comparingLong(HeldEpochKey::epoch)
      .thenComparing(HeldEpochKey::ownerId);

  public EpochKeyRetention {
    if (perDevice < 1) {
      throw new IllegalArgumentException("a device must be able to hold at least one epoch key");
    }
  }

  /** Whether {@code epoch} ended more than the retention before {@code nowMs}. */
  public boolean expired(long epoch, long nowMs) {
    long endMs = (epoch + 1) * keyEpoch.toMillis();
    return endMs + retention.toMillis() <= nowMs;
  }

  /**
   * A device's keys with {@code incoming} added (replacing the key the same owner had for the same
   * epoch), expired keys dropped and the cap applied; {@code stored} says whether {@code incoming} is
   * among them.
   */
  public Admission admit(List<HeldEpochKey> held, HeldEpochKey incoming, long nowMs) {
    List<HeldEpochKey> expired = new ArrayList<>();
    List<HeldEpochKey> kept = new ArrayList<>();
    for (HeldEpochKey key : held) {
      if (expired(key.epoch(), nowMs)) {
        expired.add(key);
      } else if (!sameSlot(key, incoming)) {
        kept.add(key);
      }
    }
    if (expired(incoming.epoch(), nowMs)) {
      expired.add(incoming);
    } else {
      kept.add(incoming);
    }
    kept.sort(BY_EPOCH);
    List<HeldEpochKey> overCap = new ArrayList<>();
    long currentEpoch = Math.floorDiv(nowMs, keyEpoch.toMillis());
    while (kept.size() > perDevice) {
      boolean oldestHasEnded = kept.get(0).epoch() < currentEpoch;
      overCap.add(kept.remove(oldestHasEnded ? 0 : kept.size() - 1));
    }
    return new Admission(List.copyOf(kept), kept.contains(incoming), List.copyOf(expired), List.copyOf(overCap));
  }

  /** A device's keys without the expired ones. */
  public List<HeldEpochKey> unexpired(List<HeldEpochKey> held, long nowMs) {
    return held.stream().filter(key -> !expired(key.epoch(), nowMs)).toList();
  }

  private static boolean sameSlot(HeldEpochKey a, HeldEpochKey b) {
    return a.epoch() == b.epoch() && a.ownerId().equals(b.ownerId());
  }
}
