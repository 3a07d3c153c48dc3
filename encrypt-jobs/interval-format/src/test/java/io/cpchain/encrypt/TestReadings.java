package io.cpchain.encrypt;

import io.cpchain.schemas.Reading;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Plausible valid readings of one device, evenly spaced in event time, for the tests. */
public final class TestReadings {

  private TestReadings() {}

  public static List<ValidReading> readings(String device, String owner, long startMs, int count, long stepMs,
      long seed) {
    Random random = new Random(seed);
    List<ValidReading> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Reading reading = Reading.newBuilder().setEventTimeMs(startMs + i * stepMs)
          .setLatitude(52.5 + random.nextDouble() / 100).setLongitude(13.4 + random.nextDouble() / 100)
          .setSpeedKmh(random.nextFloat() * 60).setHeadingDeg(90f).setRoadSegmentId(random.nextInt(100))
          .setOdometerKm(1000 + i * 0.01).setLongitudinalAccelMs2(0.1f).setHarshBraking(false)
          .setHarshAcceleration(false).setEnergyLevelPct(50f).build();
      readings.add(new ValidReading(device, owner, seed * 1_000_000 + i / 10, ByteBuffer.wrap(new byte[32]), i % 10,
          reading));
    }
    return readings;
  }

}
