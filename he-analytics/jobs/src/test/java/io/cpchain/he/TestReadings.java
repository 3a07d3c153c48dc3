package io.cpchain.he;

import io.cpchain.schemas.Reading;

/** Readings as a gateway reports them, with what traffic analytics looks at chosen by the test. */
public final class TestReadings {

  private TestReadings() {}

  public static Reading reading(long eventTimeMs, int segment, float speedKmh, boolean harshBraking) {
    return Reading.newBuilder()
        .setEventTimeMs(eventTimeMs).setLatitude(52.52).setLongitude(13.40).setSpeedKmh(speedKmh)
        .setHeadingDeg(90f).setRoadSegmentId(segment).setOdometerKm(1000).setLongitudinalAccelMs2(0.3f)
        .setHarshBraking(harshBraking).setHarshAcceleration(false).setEnergyLevelPct(77f).build();
  }
}
