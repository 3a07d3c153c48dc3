package io.cpchain.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.apache.flink.util.clock.RelativeClock;
import org.apache.flink.util.clock.SystemClock;

/** The watermark strategy a job's source is built with, run on one record outside any cluster. */
public final class SourceWatermarks {

  private SourceWatermarks() {}

  /** The watermark the source emits after one record stamped {@code eventTimestamp}. */
  @SuppressWarnings("unchecked")
  public static <T> long after(DataStream<T> source, T record, long eventTimestamp) {
    WatermarkStrategy<T> strategy = ((SourceTransformation<T, ?, ?>) source.getTransformation()).getWatermarkStrategy();
    WatermarkGenerator<T> generator = strategy.createWatermarkGenerator(new WatermarkGeneratorSupplier.Context() {
      @Override
      public MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return SystemClock.getInstance();
      }
    });
    List<Long> emitted = new ArrayList<>();
    WatermarkOutput output = new WatermarkOutput() {
      @Override
      public void emitWatermark(Watermark watermark) {
        emitted.add(watermark.getTimestamp());
      }

      @Override
      public void markIdle() {}

      @Override
      public void markActive() {}
    };
    generator.onEvent(record, eventTimestamp, output);
    generator.onPeriodicEmit(output);
    return emitted.get(emitted.size() - 1);
  }
}
