package io.cpchain.he.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.he.traffic.SegmentTraffic.Congestion;
import org.junit.jupiter.api.Test;

class SegmentTrafficTest {

  @Test
  void derivesMeanSpreadRateAndCongestionFromTheSums() {
    // Speeds 20, 40, 60 km/h (in 0.1 km/h): mean 40, population spread sqrt(800/3).
    SegmentTraffic segment = new SegmentTraffic(3, 2, 3, 200 + 400 + 600,
        200L * 200 + 400L * 400 + 600L * 600, 1);
    assertEquals(40.0, segment.meanSpeedKmh(), 1e-9);
    assertEquals(Math.sqrt(800.0 / 3), segment.speedSpreadKmh(), 1e-9);
    assertEquals(1.0 / 3, segment.harshBrakingRate(), 1e-9);
    assertEquals(Congestion.FREE, segment.congestion(50));
    assertEquals(Congestion.LIGHT, segment.congestion(70));
    assertEquals(Congestion.HEAVY, segment.congestion(120));
    assertEquals(Congestion.JAMMED, segment.congestion(200));
  }

  @Test
  void anEmptySegmentHasNoStatistics() {
    SegmentTraffic empty = new SegmentTraffic(1, 0, 0, 0, 0, 0);
    assertEquals(0, empty.meanSpeedKmh());
    assertEquals(0, empty.speedSpreadKmh());
    assertEquals(0, empty.harshBrakingRate());
  }
}
