package io.cpchain.he.insurance;

import io.cpchain.schemas.Reading;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * One vehicle's features over a stretch of its readings, measured in plaintext by its gateway:
 * what it encrypts. Kept as a packed {@code double[]} (the features by {@link Feature#ordinal()},
 * then the last reading's event time and odometer) so that a stream processor holds it with a plain
 * array serializer. Times are the gaps between consecutive readings (in arrival order; a reading
 * older than the last one adds no time), each attributed to the later reading's speed and hour;
 * a gap over {@link #MAX_GAP_MS} is the vehicle off, not driving. Distance is the odometer's rise.
 */
public final class DeviceFeatures {

  /** Longer than this between two readings: the vehicle was off or out of reach, not driving. */
  public static final long MAX_GAP_MS = 60_000;
  /** Below this the vehicle stands. */
  public static final double MOVING_KMH = 1.0;

  private static final int FEATURES = Feature.values().length;
  private static final int LAST_TIME = FEATURES;
  private static final int LAST_ODOMETER = FEATURES + 1;
  private static final double MS_PER_HOUR = 3_600_000.0;

  private DeviceFeatures() {}

  public static double[] empty() {
    double[] packed = new double[FEATURES + 2];
    packed[LAST_TIME] = Double.NaN;
    return packed;
  }

  /** {@code packed} (changed in place and returned) with one more reading measured under {@code model}. */
  public static double[] add(double[] packed, Reading reading, InsuranceModel model) {
    long time = reading.getEventTimeMs();
    if (!Double.isNaN(packed[LAST_TIME])) {
      long gap = time - (long) packed[LAST_TIME];
      if (gap < 0) {
        // Out of order: counted as an event, its time and distance already lie in the later reading's gap.
        countEvents(packed, reading);
        return packed;
      }
      packed[Feature.DISTANCE_KM.ordinal()] += Math.max(0, reading.getOdometerKm() - packed[LAST_ODOMETER]);
      if (gap <= MAX_GAP_MS && reading.getSpeedKmh() >= MOVING_KMH) {
        double hours = gap / MS_PER_HOUR;
        packed[Feature.DRIVING_H.ordinal()] += hours;
        if (model.isNight(Instant.ofEpochMilli(time).atZone(ZoneOffset.UTC).getHour())) {
          packed[Feature.NIGHT_H.ordinal()] += hours;
        }
        if (reading.getSpeedKmh() > model.speedingKmh()) {
          packed[Feature.SPEEDING_H.ordinal()] += hours;
        }
      }
    }
    countEvents(packed, reading);
    packed[LAST_TIME] = time;
    packed[LAST_ODOMETER] = reading.getOdometerKm();
    return packed;
  }

  private static void countEvents(double[] packed, Reading reading) {
    packed[Feature.HARSH_BRAKINGS.ordinal()] += reading.getHarshBraking() ? 1 : 0;
    packed[Feature.HARSH_ACCELERATIONS.ordinal()] += reading.getHarshAcceleration() ? 1 : 0;
  }

  /** The features alone, by {@link Feature#ordinal()}: what is encrypted. */
  public static double[] features(double[] packed) {
    return java.util.Arrays.copyOf(packed, FEATURES);
  }

  /** Whether any reading was measured. */
  public static boolean isEmpty(double[] packed) {
    return Double.isNaN(packed[LAST_TIME]);
  }
}
