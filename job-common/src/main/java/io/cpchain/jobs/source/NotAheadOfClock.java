package io.cpchain.jobs.source;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks with bounded out-of-orderness whose event time never runs ahead of the reading task's
 * clock: each record counts for the watermark as {@code min(its timestamp, now)}, as the ingest
 * job's raw source does. A record's timestamp is its writer's to choose (or its signer's, within the
 * allowed clock skew); without the clamp one record dated in the future would carry its partition's
 * watermark ahead and make every genuine record after it late. The record keeps its own timestamp,
 * so it still lands in its own window.
 */
public final class NotAheadOfClock<T> extends BoundedOutOfOrdernessWatermarks<T> {

  private final LongSupplier clock;

  NotAheadOfClock(Duration outOfOrderness, LongSupplier clock) {
    super(outOfOrderness);
    this.clock = clock;
  }

  /** Event time from {@code timestamps}, watermarks clamped to the wall clock, idleness as Flink's. */
  public static <T> WatermarkStrategy<T> strategy(Duration outOfOrderness, SerializableTimestampAssigner<T> timestamps,
      Duration idleness) {
    return WatermarkStrategy.<T>forGenerator(context -> new NotAheadOfClock<>(outOfOrderness, System::currentTimeMillis))
        .withTimestampAssigner(timestamps)
        .withIdleness(idleness);
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    super.onEvent(event, Math.min(eventTimestamp, clock.getAsLong()), output);
  }
}
