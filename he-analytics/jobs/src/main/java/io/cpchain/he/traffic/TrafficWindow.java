package io.cpchain.he.traffic;

import io.cpchain.he.traffic.TrafficLayout.Metric;
import java.util.ArrayList;
import java.util.List;

/** A decrypted aggregate: every segment of a region with traffic in one window. */
public record TrafficWindow(int region, long windowStartMs, long windowEndMs, int contributions,
    List<SegmentTraffic> segments) {

  public TrafficWindow {
    segments = List.copyOf(segments);
  }

  /** Reads the segments out of a region's decrypted slot vector. */
  public static TrafficWindow fromSlots(int region, long windowStartMs, long windowEndMs, int contributions,
      long[] slots) {
    List<SegmentTraffic> segments = new ArrayList<>();
    for (int local = 0; local < TrafficLayout.SEGMENTS_PER_REGION; local++) {
      int segment = region * TrafficLayout.SEGMENTS_PER_REGION + local;
      long vehicles = slots[TrafficLayout.slot(Metric.VEHICLES, segment)];
      if (vehicles > 0) {
        segments.add(new SegmentTraffic(segment, vehicles, slots[TrafficLayout.slot(Metric.READINGS, segment)],
            slots[TrafficLayout.slot(Metric.SPEED_DECI_KMH, segment)],
            slots[TrafficLayout.slot(Metric.SPEED_DECI_KMH_SQUARED, segment)],
            slots[TrafficLayout.slot(Metric.HARSH_BRAKING, segment)]));
      }
    }
    return new TrafficWindow(region, windowStartMs, windowEndMs, contributions, segments);
  }
}
