package io.cpchain.jobs.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class NotAheadOfClockTest {

  private static final long NOW = 1_800_000_000_000L;
  private static final long TEN_YEARS_MS = Duration.ofDays(3652).toMillis();

  @Test
  void aRecordFromTheFutureMovesTheWatermarkOnlyToNow() {
    Watermarks out = new Watermarks();
    NotAheadOfClock<String> generator = new NotAheadOfClock<>(Duration.ofSeconds(10), () -> NOW);
    generator.onEvent("genuine", NOW - 60_000, out);
    generator.onPeriodicEmit(out);
    assertEquals(NOW - 60_000 - 10_000 - 1, out.last());
    generator.onEvent("forged", NOW + TEN_YEARS_MS, out);
    generator.onPeriodicEmit(out);
    assertEquals(NOW - 10_000 - 1, out.last(), "now minus the out-of-orderness, not ten years ahead");
  }

  @Test
  void recordsInThePastMoveItAsBoundedOutOfOrdernessDoes() {
    Watermarks out = new Watermarks();
    NotAheadOfClock<String> generator = new NotAheadOfClock<>(Duration.ofSeconds(1), () -> NOW);
    generator.onEvent("a", NOW - 5_000, out);
    generator.onEvent("b", NOW - 9_000, out);
    generator.onPeriodicEmit(out);
    assertEquals(NOW - 5_000 - 1_000 - 1, out.last());
  }

  private static final class Watermarks implements WatermarkOutput {
    private final List<Long> emitted = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    long last() {
      return emitted.get(emitted.size() - 1);
    }
  }
}
