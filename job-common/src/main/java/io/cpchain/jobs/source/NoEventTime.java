package io.cpchain.jobs.source;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * For a stream that has no event time of its own (device registrations): it declares itself idle
 * for good, so an operator it is connected to follows the other input's event time instead of being
 * held back. (A watermark at the end of time would not do: while the other input is idle too, it
 * would carry the operator to the end of time, and make every later reading late.)
 */
public final class NoEventTime {

  private NoEventTime() {}

  public static <T> WatermarkStrategy<T> strategy() {
    return context -> new WatermarkGenerator<T>() {
      @Override
      public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
      }
    };
  }
}
