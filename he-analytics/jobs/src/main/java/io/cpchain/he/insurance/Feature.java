package io.cpchain.he.insurance;

/**
 * The per-period features a model weighs: totals only, because contributions are added under
 * encryption and HE cannot divide (a share or a mean would need a division). The ordinal is the
 * feature's lane in the CKKS slots ({@link ScoringLayout}).
 */
public enum Feature {
  DISTANCE_KM("distance_km"),
  DRIVING_H("driving_h"),
  /** Driving time with the event time's UTC hour in the model's night hours. */
  NIGHT_H("night_h"),
  /** Driving time above the model's speeding speed. */
  SPEEDING_H("speeding_h"),
  HARSH_BRAKINGS("harsh_brakings"),
  HARSH_ACCELERATIONS("harsh_accelerations");

  private final String key;

  Feature(String key) {
    this.key = key;
  }

  /** The name in a model file ({@code weight.<key>}) and in tables. */
  public String key() {
    return key;
  }
}
