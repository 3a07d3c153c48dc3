package io.cpchain.encrypt.function;

import io.cpchain.encrypt.interval.IntervalPlaintext;
import io.cpchain.schemas.ValidReading;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** A device's encryption window closed: its readings in event-time order, serialised and Merkle-rooted. */
public final class AssembleInterval extends ProcessWindowFunction<ValidReading, ClosedInterval, String, TimeWindow> {

  @Override
  public void process(String key, Context context, Iterable<ValidReading> readings, Collector<ClosedInterval> out) {
    List<ValidReading> all = new ArrayList<>();
    readings.forEach(all::add);
    ValidReading first = all.get(0);
    IntervalPlaintext plaintext = IntervalPlaintext.of(all);
    out.collect(new ClosedInterval(first.getDeviceId(), first.getOwnerId(), context.window().getStart(),
        context.window().getEnd(), plaintext.readingCount(), plaintext.container(), plaintext.merkleRoot()));
  }

  /** One window per device and owner: a device that changes hands mid-interval gives each owner only its readings. */
  public static String key(ValidReading reading) {
    return reading.getDeviceId() + "|" + reading.getOwnerId();
  }
}
