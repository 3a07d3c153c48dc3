package io.cpchain.he.traffic;

import io.cpchain.he.traffic.TrafficLayout.Metric;
import io.cpchain.schemas.Reading;
import java.util.Map;
import java.util.TreeMap;

/**
 * One vehicle's readings of one window, counted per road segment: what its gateway encrypts. Kept
 * as a packed {@code long[]} (segment, readings, speed sum, squared speed sum, harsh brakings; per
 * segment, ascending) so that a stream processor can hold it with a plain array serializer.
 */
public final class DeviceWindowCounts {

  private static final int STRIDE = 5;

  private DeviceWindowCounts() {}

  public static long[] empty() {
    return new long[0];
  }

  /** {@code packed} with one more reading counted. */
  public static long[] add(long[] packed, Reading reading) {
    Map<Long, long[]> bySegment = unpack(packed);
    long[] counts = bySegment.computeIfAbsent((long) reading.getRoadSegmentId(), s -> new long[STRIDE - 1]);
    long speed = TrafficLayout.speedDeciKmh(reading.getSpeedKmh());
    counts[0]++;
    counts[1] += speed;
    counts[2] += speed * speed;
    counts[3] += reading.getHarshBraking() ? 1 : 0;
    return pack(bySegment);
  }

  public static long[] merge(long[] a, long[] b) {
    Map<Long, long[]> bySegment = unpack(a);
    unpack(b).forEach((segment, counts) -> bySegment.merge(segment, counts, (x, y) -> {
      for (int i = 0; i < x.length; i++) {
        x[i] += y[i];
      }
      return x;
    }));
    return pack(bySegment);
  }

  /** The slot vectors to encrypt, one per region the vehicle drove in. */
  public static Map<Integer, long[]> regionVectors(long[] packed) {
    Map<Integer, long[]> vectors = new TreeMap<>();
    for (int i = 0; i < packed.length; i += STRIDE) {
      int segment = (int) packed[i];
      long[] slots = vectors.computeIfAbsent(TrafficLayout.region(segment),
          r -> new long[TrafficLayout.PARAMETERS.slotCount()]);
      slots[TrafficLayout.slot(Metric.VEHICLES, segment)] = 1;
      slots[TrafficLayout.slot(Metric.READINGS, segment)] = packed[i + 1];
      slots[TrafficLayout.slot(Metric.SPEED_DECI_KMH, segment)] = packed[i + 2];
      slots[TrafficLayout.slot(Metric.SPEED_DECI_KMH_SQUARED, segment)] = packed[i + 3];
      slots[TrafficLayout.slot(Metric.HARSH_BRAKING, segment)] = packed[i + 4];
    }
    return vectors;
  }

  private static Map<Long, long[]> unpack(long[] packed) {
    Map<Long, long[]> bySegment = new TreeMap<>();
    for (int i = 0; i < packed.length; i += STRIDE) {
      long[] counts = new long[STRIDE - 1];
      System.arraycopy(packed, i + 1, counts, 0, counts.length);
      bySegment.put(packed[i], counts);
    }
    return bySegment;
  }

  private static long[] pack(Map<Long, long[]> bySegment) {
    long[] packed = new long[bySegment.size() * STRIDE];
    int i = 0;
    for (Map.Entry<Long, long[]> entry : bySegment.entrySet()) {
      packed[i] = entry.getKey();
      System.arraycopy(entry.getValue(), 0, packed, i + 1, STRIDE - 1);
      i += STRIDE;
    }
    return packed;
  }
}
