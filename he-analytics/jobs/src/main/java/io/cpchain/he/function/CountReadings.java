package io.cpchain.he.function;

import io.cpchain.he.traffic.DeviceWindowCounts;
import io.cpchain.schemas.ValidReading;
import org.apache.flink.api.common.functions.AggregateFunction;

/** One vehicle's readings of a window, counted per road segment as they arrive (plaintext, owner side). */
public final class CountReadings implements AggregateFunction<ValidReading, long[], long[]> {

  @Override
  public long[] createAccumulator() {
    return DeviceWindowCounts.empty();
  }

  @Override
  public long[] add(ValidReading reading, long[] counts) {
    return DeviceWindowCounts.add(counts, reading.getReading());
  }

  @Override
  public long[] getResult(long[] counts) {
    return counts;
  }

  @Override
  public long[] merge(long[] a, long[] b) {
    return DeviceWindowCounts.merge(a, b);
  }
}
