package io.cpchain.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.schemas.ValidReading;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedReadingsTest {

  @Test
  void oneVehicleDrivesAtOneHertzInFramesOfTen() {
    List<ValidReading> readings = SimulatedReadings.of("veh-00001", "owner-1", 60_000, 60, new Random(1));
    assertEquals(60, readings.size());
    for (int i = 0; i < readings.size(); i++) {
      ValidReading r = readings.get(i);
      assertEquals("veh-00001", r.getDeviceId());
      assertEquals(60_000 + i * 1_000L, r.getReading().getEventTimeMs());
      assertEquals(i / 10, r.getFrameSeq());
      assertEquals(i % 10, r.getIndexInFrame());
      if (i > 0) {
        assertTrue(r.getReading().getOdometerKm() >= readings.get(i - 1).getReading().getOdometerKm());
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameReadings() {
    assertEquals(SimulatedReadings.of("v", "o", 0, 30, new Random(7)), SimulatedReadings.of("v", "o", 0, 30,
        new Random(7)));
  }
}
