package io.cpchain.he.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.he.traffic.TrafficLayout.Metric;
import io.cpchain.he.TestReadings;
import io.cpchain.schemas.Reading;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceWindowCountsTest {

  @Test
  void countsPerSegmentAndLaysThemOutPerRegion() {
    long[] counts = DeviceWindowCounts.empty();
    counts = DeviceWindowCounts.add(counts, reading(5, 50.04f, false));
    counts = DeviceWindowCounts.add(counts, reading(5, 30f, true));
    counts = DeviceWindowCounts.add(counts, reading(1030, 12.5f, false));

    Map<Integer, long[]> vectors = DeviceWindowCounts.regionVectors(counts);
    assertEquals(2, vectors.size());
    long[] region0 = vectors.get(0);
    assertEquals(8192, region0.length);
    assertEquals(1, region0[TrafficLayout.slot(Metric.VEHICLES, 5)], "one vehicle however many readings");
    assertEquals(2, region0[TrafficLayout.slot(Metric.READINGS, 5)]);
    assertEquals(500 + 300, region0[TrafficLayout.slot(Metric.SPEED_DECI_KMH, 5)]);
    assertEquals(500 * 500 + 300 * 300, region0[TrafficLayout.slot(Metric.SPEED_DECI_KMH_SQUARED, 5)]);
    assertEquals(1, region0[TrafficLayout.slot(Metric.HARSH_BRAKING, 5)]);
    assertEquals(5, java.util.Arrays.stream(region0).filter(v -> v != 0).count());
    long[] region1 = vectors.get(1);
    assertEquals(125, region1[TrafficLayout.slot(Metric.SPEED_DECI_KMH, 1030)]);
    assertEquals(1030 % 1024 + 2 * 1024, TrafficLayout.slot(Metric.SPEED_DECI_KMH, 1030));
  }

  @Test
  void mergingEqualsCountingEverythingInOne() {
    long[] a = DeviceWindowCounts.add(DeviceWindowCounts.add(DeviceWindowCounts.empty(), reading(7, 10f, false)),
        reading(9, 20f, true));
    long[] b = DeviceWindowCounts.add(DeviceWindowCounts.empty(), reading(7, 40f, true));
    long[] all = DeviceWindowCounts.add(DeviceWindowCounts.add(DeviceWindowCounts.add(DeviceWindowCounts.empty(),
        reading(7, 10f, false)), reading(9, 20f, true)), reading(7, 40f, true));
    assertArrayEquals(all, DeviceWindowCounts.merge(a, b));
    assertArrayEquals(all, DeviceWindowCounts.merge(b, a));
  }

  private static Reading reading(int segment, float speed, boolean harsh) {
    return TestReadings.reading(1_750_000_000_000L, segment, speed, harsh);
  }
}
