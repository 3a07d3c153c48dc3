package io.cpchain.cli.fetch;

import io.cpchain.cli.stack.TopicScan;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.encrypt.interval.IntervalReadException;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds a device's manifests for a time range on the manifests topic and reads each interval back
 * as its owner: every chunk hash checked, the key decapsulated, every chunk decrypted, count and
 * Merkle root checked. An interval that fails is reported, never returned.
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

  /** The encoded manifests of {@code device} whose interval overlaps [fromMs, toMs), in time order. */
  public List<byte[]> find(String bootstrapServers, String topic, String device, long fromMs, long toMs) {
    List<byte[]> found = new ArrayList<>();
    TopicScan.scan(bootstrapServers, topic, record -> {
      try {
        IntervalManifest manifest = manifests.decode(record.value());
        if (manifest.getDeviceId().equals(device) && manifest.getIntervalStartMs() < toMs
            && manifest.getIntervalEndMs() > fromMs) {
          found.add(record.value());
        }
      } catch (IOException | RuntimeException notAManifest) {
        // the verify step reports manifests that do not decode; a scan for one device skips them
      }
    });
    found.sort(Comparator.comparingLong(this::startOf));
    return found;
  }

  public List<Result> read(List<byte[]> encodedManifests, UmbralSecretKey owner, long fromMs, long toMs) {
    List<Result> results = new ArrayList<>();
    for (byte[] encoded : encodedManifests) {
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

  private long startOf(byte[] encoded) {
    return decode(encoded).getIntervalStartMs();
  }

  private IntervalManifest decode(byte[] encoded) {
    try {
      return manifests.decode(encoded);
    } catch (IOException e) {
      throw new IllegalStateException("a manifest that decoded once does not decode again", e);
    }
  }
}
