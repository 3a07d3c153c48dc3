package io.cpchain.cli.simulate;

import io.cpchain.schemas.Reading;
import java.util.Random;

/**
 * One simulated vehicle's motion: it drives along the road network, speeding up toward each
 * segment's limit (with a driver-specific bias), slowing for the intersection at its end, now and
 * then braking or accelerating hard. Its sensors give the {@link Reading}s a gateway would sign.
 */
final class Vehicle {

  static final double HARSH_THRESHOLD_MS2 = 3.5;
  /** Drivers brake for junctions at about this, well short of harsh. */
  private static final double COMFORT_DECEL_MS2 = 2.5;

  private final RoadNetwork roads;
  private final Random random;
  /** Some drivers keep below the limit, some above it. */
  private final double speedBias;
  private final boolean electric;

  private RoadNetwork.Segment segment;
  private double offsetM;
  private double speedMs;
  private double odometerKm;
  private double energyPct;

  Vehicle(RoadNetwork roads, Random random) {
    this.roads = roads;
    this.random = random;
    this.speedBias = 0.85 + random.nextDouble() * 0.3;
    this.electric = random.nextBoolean();
    this.segment = roads.randomSegment(random);
    this.offsetM = random.nextDouble() * segment.lengthM();
    this.speedMs = random.nextDouble() * segment.speedLimitKmh() / 3.6;
    this.odometerKm = 5_000 + random.nextDouble() * 80_000;
    this.energyPct = 30 + random.nextDouble() * 70;
  }

  /** Advances the vehicle by {@code dtS} seconds and reads its sensors at {@code timeMs}. */
  Reading step(long timeMs, double dtS) {
    double target = segment.speedLimitKmh() / 3.6 * speedBias;
    double remainingM = segment.lengthM() - offsetM;
    double brakingDistanceM = speedMs * speedMs / (2 * COMFORT_DECEL_MS2) + 10;
    if (remainingM < brakingDistanceM) {
      target = Math.min(target, 5); // slow for the intersection, in time to turn into any street
    }
    double accel = Math.max(-COMFORT_DECEL_MS2 - 0.5, Math.min(2, (target - speedMs) * 0.8))
        + random.nextGaussian() * 0.3;
    double event = random.nextDouble();
    if (event < 0.002 * dtS) {
      accel = -(HARSH_THRESHOLD_MS2 + random.nextDouble() * 3); // sudden stop
    } else if (event < 0.004 * dtS && speedMs < 5) {
      accel = HARSH_THRESHOLD_MS2 + random.nextDouble() * 1.5; // launch from the lights
    }
    speedMs = Math.max(0, speedMs + accel * dtS);
    if (speedMs == 0) {
      accel = Math.max(accel, 0);
    }
    double travelledM = speedMs * dtS;
    offsetM += travelledM;
    odometerKm += travelledM / 1_000;
    energyPct = Math.max(1, energyPct - travelledM / 1_000 * (electric ? 0.2 : 0.12));
    while (offsetM >= segment.lengthM()) {
      offsetM -= segment.lengthM();
      segment = roads.next(segment, random);
    }
    double[] position = roads.position(segment, offsetM);
    return Reading.newBuilder()
        .setEventTimeMs(timeMs)
        .setLatitude(position[0])
        .setLongitude(position[1])
        .setSpeedKmh((float) (speedMs * 3.6))
        .setHeadingDeg((float) segment.headingDeg())
        .setRoadSegmentId(segment.id())
        .setOdometerKm(odometerKm)
        .setLongitudinalAccelMs2((float) accel)
        .setHarshBraking(accel <= -HARSH_THRESHOLD_MS2)
        .setHarshAcceleration(accel >= HARSH_THRESHOLD_MS2)
        .setEnergyLevelPct((float) energyPct)
        .build();
  }
}
