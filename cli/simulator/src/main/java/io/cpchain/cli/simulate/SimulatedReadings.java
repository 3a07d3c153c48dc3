package io.cpchain.cli.simulate;

import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A simulated vehicle's readings as the ingest job emits them, for what starts after the ingest job
 * (the encrypt and share benches): the fleet's motion model at 1 Hz on the city's road network, so
 * the data compresses as real data would, ten readings per (unsigned) frame.
 */
public final class SimulatedReadings {

  private static final int READINGS_PER_FRAME = 10;

  private SimulatedReadings() {}

  /** {@code count} readings of one vehicle, one a second from {@code startMs}. */
  public static List<ValidReading> of(String device, String owner, long startMs, int count, Random random) {
    Vehicle vehicle = new Vehicle(new RoadNetwork(Simulator.CITY_SIZE), random);
    List<ValidReading> readings = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      readings.add(new ValidReading(device, owner, (long) i / READINGS_PER_FRAME, ByteBuffer.wrap(new byte[32]),
          i % READINGS_PER_FRAME, vehicle.step(startMs + i * 1_000L, 1.0)));
    }
    return readings;
  }
}
