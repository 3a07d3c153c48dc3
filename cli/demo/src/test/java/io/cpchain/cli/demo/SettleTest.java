package io.cpchain.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettleTest {

  private static final Duration POLL = Duration.ofMillis(10);

  @Test
  void aCompleteReadingEndsTheWaitAtOnce() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    int last = Settle.reading(reads::incrementAndGet).every(POLL).atMost(Duration.ofSeconds(10))
        .quietFor(Duration.ofSeconds(10), n -> n).until(n -> n == 3).await();
    assertEquals(3, last);
    assertEquals(3, reads.get());
  }

  @Test
  void aQuietSpellEndsTheWaitWithTheLastReading() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    List<Integer> changes = new ArrayList<>();
    // grows for 5 reads, then stays
    int last = Settle.reading(() -> Math.min(5, reads.incrementAndGet())).every(POLL)
        .quietFor(Duration.ofMillis(100), n -> n).onChange(changes::add).atMost(Duration.ofSeconds(10)).await();
    assertEquals(5, last);
    assertEquals(List.of(1, 2, 3, 4, 5), changes);
    assertTrue(reads.get() > 5 && reads.get() < 100, "reads: " + reads.get());
  }

  @Test
  void aQuietSpellThatDoesNotCountKeepsWaiting() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    // nothing for 20 reads (longer than the quiet spell), then one item that stays
    List<String> last = Settle.reading(() -> reads.incrementAndGet() > 20 ? List.of("scored") : List.<String>of())
        .every(POLL).quietFor(Duration.ofMillis(50), List::size).quietCountsOnlyIf(r -> !r.isEmpty())
        .atMost(Duration.ofSeconds(10)).await();
    assertEquals(List.of("scored"), last);
  }

  @Test
  void theWaitEndsWhenTheTimeIsUp() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    long started = System.nanoTime();
    int last = Settle.reading(reads::incrementAndGet).every(POLL).quietFor(Duration.ofMillis(50), n -> n)
        .atMost(Duration.ofMillis(200)).await();
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertEquals(reads.get(), last);
    assertTrue(elapsedMs >= 200 && elapsedMs < 5_000, "took " + elapsedMs + " ms");
  }
}
