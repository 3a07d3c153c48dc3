package io.cpchain.he.insurance;

import io.cpchain.he.seal.CkksParameters;

/**
 * How features and scores sit in CKKS slots. 4096 slots are 8 lanes of 512, one lane per
 * {@link Feature}. A gateway's contribution repeats each feature across its whole lane; the scorer
 * picks driver j's copy by multiplying with a plaintext that has the weights at slot
 * {@code lane * 512 + j} and zeros elsewhere, so 512 drivers share one ciphertext. Summing the
 * lanes (rotations by 512, 1024, 2048) leaves driver j's linear part in slot j; the masked
 * polynomial leaves its score there and zero in every other slot.
 */
public final class ScoringLayout {

  /**
   * CKKS, n = 8192, coefficient modulus 50 + 40 + 40 + 40 + 48 = 218 bits: the HE standard's
   * 128-bit bound for n = 8192. The three 40-bit primes are the three rescalings (weights, z², z³);
   * the 50-bit one keeps 10 bits above the scale for the result; 48 is the key-switching prime.
   */
  public static final CkksParameters PARAMETERS = CkksParameters.of(8192, 50, 40, 40, 40, 48);
  public static final double SCALE = Math.pow(2, 40);
  public static final int LANES = 8;
  public static final int LANE_WIDTH = PARAMETERS.slotCount() / LANES;
  /** Drivers packed into one scored ciphertext. */
  public static final int DRIVERS_PER_CIPHERTEXT = LANE_WIDTH;
  /** The only rotations the scorer needs: its Galois keys are for these steps alone. */
  public static final int[] GALOIS_STEPS = {LANE_WIDTH, 2 * LANE_WIDTH, 4 * LANE_WIDTH};

  static {
    if (Feature.values().length > LANES || LANES * LANE_WIDTH != PARAMETERS.slotCount()
        || (LANES & (LANES - 1)) != 0) {
      throw new IllegalStateException("features do not fit the lanes");
    }
  }

  private ScoringLayout() {}

  /** A gateway's slot vector: each feature repeated across its lane. */
  public static double[] contribution(double[] features) {
    double[] slots = new double[PARAMETERS.slotCount()];
    for (int f = 0; f < features.length; f++) {
      java.util.Arrays.fill(slots, f * LANE_WIDTH, (f + 1) * LANE_WIDTH, features[f]);
    }
    return slots;
  }

  /** The plaintext vector that picks driver {@code position}'s features, weighted. */
  static double[] weightsAt(double[] weights, int position) {
    double[] slots = new double[PARAMETERS.slotCount()];
    for (int f = 0; f < weights.length; f++) {
      slots[f * LANE_WIDTH + position] = weights[f];
    }
    return slots;
  }

  /** {@code value} in the first {@code drivers} slots, zero elsewhere: the mask over the scores. */
  static double[] masked(int drivers, double value) {
    double[] slots = new double[PARAMETERS.slotCount()];
    java.util.Arrays.fill(slots, 0, drivers, value);
    return slots;
  }
}
