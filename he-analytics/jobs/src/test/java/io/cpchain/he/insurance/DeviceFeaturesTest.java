package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.schemas.Reading;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceFeaturesTest {

  private static Reading reading(String at, float speed, double odometer, boolean brake, boolean accelerate) {
    return Reading.newBuilder().setEventTimeMs(Instant.parse(at).toEpochMilli()).setLatitude(52.5).setLongitude(13.4)
        .setSpeedKmh(speed).setHeadingDeg(0).setRoadSegmentId(1).setOdometerKm(odometer)
        .setLongitudinalAccelMs2(0).setHarshBraking(brake).setHarshAcceleration(accelerate).setEnergyLevelPct(50)
        .build();
  }

  @Test
  void gapsBecomeTimeByTheLaterReadingsSpeedAndHourAndTheOdometerBecomesDistance() throws Exception {
    InsuranceModel model = InsuranceModel.read(EncryptedScoringTest.EXAMPLE_MODEL);
    double[] packed = DeviceFeatures.empty();
    assertTrue(DeviceFeatures.isEmpty(packed));
    DeviceFeatures.add(packed, reading("2026-01-05T21:59:30Z", 50, 100.0, false, false), model);
    DeviceFeatures.add(packed, reading("2026-01-05T22:00:00Z", 100, 100.5, true, false), model); // 30 s night, speeding
    DeviceFeatures.add(packed, reading("2026-01-05T21:59:50Z", 100, 100.4, false, true), model); // out of order: events only
    DeviceFeatures.add(packed, reading("2026-01-05T22:00:36Z", 0.5f, 100.6, false, false), model); // standing
    DeviceFeatures.add(packed, reading("2026-01-05T22:05:00Z", 40, 101.0, false, false), model); // gap > 60 s: off
    double h = 30 / 3600.0;
    assertArrayEquals(new double[] {1.0, h, h, h, 1, 1}, DeviceFeatures.features(packed), 1e-9);
  }
}
