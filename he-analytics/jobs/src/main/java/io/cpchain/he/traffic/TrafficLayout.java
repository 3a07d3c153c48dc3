package io.cpchain.he.traffic;

import io.cpchain.he.seal.BfvParameters;

/**
 * How traffic counts sit in BFV slots. A region is a block of 1024 road segments; its plaintext
 * has 8192 slots in 8 lanes of 1024, one lane per metric: {@code slot = metric * 1024 + segment %
 * 1024}. Every value is a non-negative integer, so adding ciphertexts adds the counts exactly as
 * long as no slot's total reaches the plaintext modulus t (a 50-bit prime: about 1.1e15, i.e. over
 * 10^8 readings at 300 km/h per segment and window for the squared-speed lane).
 */
public final class TrafficLayout {

  /** BFV, n = 8192, SEAL's default 128-bit-secure coefficient modulus (218 bits), t a 50-bit prime. */
  public static final BfvParameters PARAMETERS = BfvParameters.of(8192, 50);
  public static final int SEGMENTS_PER_REGION = 1024;
  private static final int LANES = PARAMETERS.slotCount() / SEGMENTS_PER_REGION;

  /** What each lane counts, per segment, window and (after aggregation) all vehicles. */
  public enum Metric {
    /** 1 per vehicle that sent a reading on the segment in the window. */
    VEHICLES,
    READINGS,
    /** Sum of speeds in 0.1 km/h. */
    SPEED_DECI_KMH,
    /** Sum of squared speeds in (0.1 km/h)^2. */
    SPEED_DECI_KMH_SQUARED,
    HARSH_BRAKING
  }

  static {
    if (Metric.values().length > LANES) {
      throw new IllegalStateException("more metrics than lanes");
    }
  }

  private TrafficLayout() {}

  public static int region(int segment) {
    return segment / SEGMENTS_PER_REGION;
  }

  public static int slot(Metric metric, int segment) {
    return metric.ordinal() * SEGMENTS_PER_REGION + segment % SEGMENTS_PER_REGION;
  }

  /** A speed as the integer the lanes count in: 0.1 km/h, rounded. */
  public static long speedDeciKmh(float speedKmh) {
    return Math.round(speedKmh * 10.0);
  }
}
