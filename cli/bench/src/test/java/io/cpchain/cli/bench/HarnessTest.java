package io.cpchain.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.cli.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The bench harness: what every bench's figures, percentiles and rates are made with. */
class HarnessTest {

  @Test
  void figuresPrintAsATableWithTheMachineAndAsOneJsonLineInTheirOrder() throws Exception {
    Figures figures = new Figures().count("job_per_s", 1234.6, "frames/s")
        .value("baseline_per_s", 2000.12345, "frames/s").ratio("ratio_vs_baseline", 1234.6, 2000).parameter("nodes", 4);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    figures.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");

    assertTrue(lines[lines.length - 2].startsWith("machine: "), String.join("\n", lines));
    JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
    assertEquals(List.of("job_per_s", "baseline_per_s", "ratio_vs_baseline", "nodes", "machine"),
        iterate(json.fieldNames()));
    assertEquals(1235, json.get("job_per_s").asLong());
    assertEquals(2000.123, json.get("baseline_per_s").asDouble());
    assertEquals(0.617, json.get("ratio_vs_baseline").asDouble());
    assertTrue(json.get("machine").asText().matches(".*cores.*Java.*load.*"), json.get("machine").asText());
    assertThrows(IllegalArgumentException.class, () -> figures.parameter("nodes", 5));
  }

  @Test
  void percentilesAreByNearestRank() {
    Samples samples = new Samples();
    for (long v = 100; v >= 1; v--) {
      samples.add(v);
    }
    assertEquals(50, samples.p50());
    assertEquals(99, samples.p99());
    assertEquals(100, samples.max());
    assertEquals(1, samples.percentile(1));
    assertEquals(7, Samples.of(7).p99());
    assertEquals(0, new Samples().p50());
    assertEquals(3, Samples.of(1, 2, 3, 4).percentile(75));
  }

  @Test
  void anOutputRateStartsAtTheFirstOutputAndLeavesItOut() throws Exception {
    AtomicLong delivered = new AtomicLong();
    long[] firstAndLast = new long[2];
    Thread pipeline = new Thread(() -> {
      try {
        Thread.sleep(2_000); // start-up: counted, it would cut the rate to a third
        for (int i = 0; i < 10; i++) {
          delivered.addAndGet(100);
          firstAndLast[i == 0 ? 0 : 1] = System.nanoTime();
          Thread.sleep(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    pipeline.start();
    double perSecond = OutputRate.perSecond(delivered::get, 1000, Duration.ofSeconds(30), "the test pipeline");
    pipeline.join();
    // 900 records after the first 100, from the first delivery to the last (polled, so not exactly).
    double firstToLast = 900 / ((firstAndLast[1] - firstAndLast[0]) / 1e9);
    assertTrue(Math.abs(perSecond - firstToLast) < 0.4 * firstToLast, perSecond + " vs " + firstToLast);
  }

  @Test
  void anOutputThatNeverCompletesTimesOut() {
    assertThrows(IllegalStateException.class,
        () -> OutputRate.perSecond(() -> 1, 10, Duration.ofMillis(100), "a stuck pipeline"));
  }

  @Test
  void anOperationIsWarmedUpBeforeItIsTimed() throws Exception {
    AtomicLong calls = new AtomicLong();
    double ms = Repeat.msPerCall(Duration.ofMillis(200), calls::incrementAndGet);
    assertTrue(ms > 0);
    assertTrue(calls.get() >= Repeat.WARM_UP_CALLS, "warm-up calls made");
    // A second, not less: on a loaded machine a worker thread can take a tenth of one to start.
    assertTrue(Repeat.forDuration(2, Duration.ofSeconds(1), () -> Thread.sleep(1)) > 0);
  }

  private static <T> List<T> iterate(java.util.Iterator<T> it) {
    List<T> list = new java.util.ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
