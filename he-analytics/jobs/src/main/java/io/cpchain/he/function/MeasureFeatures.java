package io.cpchain.he.function;

import io.cpchain.he.insurance.DeviceFeatures;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.schemas.ValidReading;
import org.apache.flink.api.common.functions.AggregateFunction;

/** One vehicle's readings of a window, measured into insurance features as they arrive (plaintext, owner side). */
public final class MeasureFeatures implements AggregateFunction<ValidReading, double[], double[]> {

  private final InsuranceModel model;

  public MeasureFeatures(InsuranceModel model) {
    this.model = model;
  }

  @Override
  public double[] createAccumulator() {
    return DeviceFeatures.empty();
  }

  @Override
  public double[] add(ValidReading reading, double[] features) {
    return DeviceFeatures.add(features, reading.getReading(), model);
  }

  @Override
  public double[] getResult(double[] features) {
    return features;
  }

  /** Tumbling windows never merge accumulators; measuring needs the readings in order. */
  @Override
  public double[] merge(double[] a, double[] b) {
    throw new UnsupportedOperationException("insurance features are measured in tumbling windows only");
  }
}
