package io.cpchain.ingest.source;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * For a stream that has no event time of its own (device registrations): it declares its
 * watermark at the end of time, so an operator it is connected to follows the other input's event
 * time instead of being held back forever.
 */
public final class NoEventTime {

  private NoEventTime() {}

  public static <T> WatermarkStrategy<T> strategy() {
    return context -> new WatermarkGenerator<T>() {
      @Override
      public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
      }
    };
  }
}
