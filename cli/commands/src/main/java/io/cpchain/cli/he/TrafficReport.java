package io.cpchain.cli.he;

import io.cpchain.cli.simulate.RoadNetwork;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.TrafficWindow;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What the analyst sees of one window: all regions' segments together, those seen by fewer than k
 * vehicles withheld (k-anonymity: an aggregate of one or two vehicles would describe them).
 */
public record TrafficReport(long windowStartMs, long windowEndMs, int contributions, List<SegmentTraffic> shown,
    int withheld) {

  /** Free-flow speed where the segment is not on the map. */
  static final double DEFAULT_FREE_FLOW_KMH = 50;

  public static TrafficReport of(List<TrafficWindow> regionsOfOneWindow, int minVehicles) {
    List<SegmentTraffic> shown = new ArrayList<>();
    int withheld = 0;
    int contributions = 0;
    for (TrafficWindow window : regionsOfOneWindow) {
      contributions += window.contributions();
      for (SegmentTraffic segment : window.segments()) {
        if (segment.vehicles() >= minVehicles) {
          shown.add(segment);
        } else {
          withheld++;
        }
      }
    }
    shown.sort(Comparator.comparingLong(SegmentTraffic::vehicles).reversed()
        .thenComparingInt(SegmentTraffic::segment));
    TrafficWindow first = regionsOfOneWindow.get(0);
    return new TrafficReport(first.windowStartMs(), first.windowEndMs(), contributions, shown, withheld);
  }

  static double freeFlowKmh(RoadNetwork roads, int segment) {
    return segment < roads.segments().size() ? roads.segment(segment).speedLimitKmh() : DEFAULT_FREE_FLOW_KMH;
  }

  /** The table: the busiest {@code limit} segments (of {@code only}, if not empty). */
  public void print(PrintStream out, RoadNetwork roads, Set<Integer> only, int limit, int minVehicles) {
    out.printf("window %s .. %s: %d encrypted contributions, %d segments shown, %d withheld (< %d vehicles)%n",
        Instant.ofEpochMilli(windowStartMs), Instant.ofEpochMilli(windowEndMs), contributions, shown.size(), withheld,
        minVehicles);
    out.printf("%8s %9s %11s %12s %14s  %s%n", "segment", "vehicles", "mean km/h", "spread km/h", "harsh/1000 rd",
        "congestion");
    shown.stream().filter(s -> only.isEmpty() || only.contains(s.segment())).limit(limit).forEach(s ->
        out.printf("%8d %9d %11.1f %12.1f %14.1f  %s%n", s.segment(), s.vehicles(), s.meanSpeedKmh(),
            s.speedSpreadKmh(), s.harshBrakingRate() * 1000,
            s.congestion(freeFlowKmh(roads, s.segment())).name().toLowerCase()));
  }
}
