package io.cpchain.encrypt.interval;

import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a device's intervals of a time range back as their owner: picks the device's manifests from
 * what was published, then for each every chunk hash checked, the key decapsulated, every chunk
 * decrypted, count and Merkle root checked. An interval that fails is reported, never returned.
 */
public final class IntervalFetch {

  /** One interval as read back: its readings, or the one line that says what failed. */
  public record Result(IntervalManifest manifest, List<ValidReading> readings, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final IntervalReader reader;
  private final AvroMessages<IntervalManifest> manifests = AvroMessages.of(IntervalManifest.class);

  public IntervalFetch(IntervalReader reader) {
    this.reader = reader;
  }

  /**
   * Which published records are encoded manifests of {@code device} whose interval overlaps
   * [fromMs, toMs). A record that is not a manifest is not one of them: verifying the manifests
   * topic reports those; a fetch for one device passes over them.
   */
  public Predicate<byte[]> manifestsOf(String device, long fromMs, long toMs) {
    return encoded -> {
      try {
        IntervalManifest manifest = manifests.decode(encoded);
        return manifest.getDeviceId().equals(device) && manifest.getIntervalStartMs() < toMs
            && manifest.getIntervalEndMs() > fromMs;
      } catch (IOException | RuntimeException notAManifest) {
        return false;
      }
    };
  }

  /** Each interval's readings in [fromMs, toMs), intervals in time order. */
  public List<Result> read(List<byte[]> encodedManifests, UmbralSecretKey owner, long fromMs, long toMs) {
    List<byte[]> inTimeOrder = new ArrayList<>(encodedManifests);
    inTimeOrder.sort(Comparator.comparingLong(encoded -> decode(encoded).getIntervalStartMs()));
    List<Result> results = new ArrayList<>();
    for (byte[] encoded : inTimeOrder) {
      IntervalManifest manifest = decode(encoded);
      try {
        List<ValidReading> readings = reader.readAsOwner(encoded, owner).stream()
            .filter(r -> r.getReading().getEventTimeMs() >= fromMs && r.getReading().getEventTimeMs() < toMs)
            .toList();
        results.add(new Result(manifest, readings, null));
      } catch (IntervalReadException e) {
        results.add(new Result(manifest, List.of(), e.getMessage()));
      } catch (RuntimeException e) {
        results.add(new Result(manifest, List.of(), "interval " + manifest.getDeviceId() + " ["
            + manifest.getIntervalStartMs() + ", " + manifest.getIntervalEndMs() + "): " + e.getMessage()));
      }
    }
    return results;
  }

  private IntervalManifest decode(byte[] encoded) {
    try {
      return manifests.decode(encoded);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an interval manifest: " + e.getMessage(), e);
    }
  }
}
