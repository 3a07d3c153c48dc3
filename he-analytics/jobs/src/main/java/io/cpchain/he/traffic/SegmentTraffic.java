package io.cpchain.he.traffic;

/**
 * One road segment in one window, from the decrypted aggregate: how many vehicles, and what they
 * measured. Means and spreads are derived here, after decryption; the sums are what was encrypted.
 */
public record SegmentTraffic(int segment, long vehicles, long readings, long speedDeciKmhSum,
    long speedDeciKmhSquaredSum, long harshBrakings) {

  public double meanSpeedKmh() {
    return readings == 0 ? 0 : speedDeciKmhSum / 10.0 / readings;
  }

  /** Standard deviation of the readings' speeds (population), km/h. */
  public double speedSpreadKmh() {
    if (readings == 0) {
      return 0;
    }
    double mean = (double) speedDeciKmhSum / readings;
    double meanOfSquares = (double) speedDeciKmhSquaredSum / readings;
    return Math.sqrt(Math.max(0, meanOfSquares - mean * mean)) / 10.0;
  }

  /** Harsh brakings per reading. */
  public double harshBrakingRate() {
    return readings == 0 ? 0 : (double) harshBrakings / readings;
  }

  /** Congestion from the mean speed as a share of the free-flow speed (the speed limit where known). */
  public Congestion congestion(double freeFlowKmh) {
    return Congestion.of(meanSpeedKmh() / freeFlowKmh);
  }

  /** Traffic levels as a share of free-flow speed, the usual traffic-map bands. */
  public enum Congestion {
    FREE, LIGHT, HEAVY, JAMMED;

    static Congestion of(double speedRatio) {
      if (speedRatio >= 0.75) {
        return FREE;
      }
      if (speedRatio >= 0.5) {
        return LIGHT;
      }
      return speedRatio >= 0.25 ? HEAVY : JAMMED;
    }
  }
}
