package io.cpchain.sharing.proxy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.client.Views;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChainFreshnessTest {

  private static final long NOW = 1_800_000_000_000L;
  private final ChainFreshness freshness = new ChainFreshness(Duration.ofSeconds(10),
      Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  @Test
  void aViewUpToTheBoundOldIsActedOn() {
    assertDoesNotThrow(() -> freshness.require(head(NOW - 200)));
    assertDoesNotThrow(() -> freshness.require(head(NOW - 10_000)));
  }

  @Test
  void aViewOlderThanTheBoundIsRefusedWith503SayingHowOld() {
    ProxyRefusal refused = assertThrows(ProxyRefusal.class, () -> freshness.require(head(NOW - 10_001)));
    assertEquals(503, refused.status());
    assertTrue(refused.getMessage().startsWith("chain view is 10.0 s old (the newest final block this proxy's chain"
        + " node has, 42, is from " + (NOW - 10_001) + "), more than maxChainLagMs 10000"), refused.getMessage());
    ProxyRefusal frozen = assertThrows(ProxyRefusal.class, () -> freshness.require(head(NOW - 3_600_000)));
    assertTrue(frozen.getMessage().startsWith("chain view is 3600.0 s old"), frozen.getMessage());
  }

  @Test
  void aBlockUpToTheBoundFromThisProxysFutureCountsAsFresh() {
    // the proposer's clock ahead of the proxy's
    assertDoesNotThrow(() -> freshness.require(head(NOW + 5_000)));
    assertDoesNotThrow(() -> freshness.require(head(NOW + 10_000)));
  }

  @Test
  void aBlockFurtherAheadIsRefusedAsUndatable() {
    // every block after a future-dated one is dated after it: such a head cannot say how old the view is
    ProxyRefusal refused = assertThrows(ProxyRefusal.class, () -> freshness.require(head(NOW + 86_400_000)));
    assertEquals(503, refused.status());
    assertTrue(refused.getMessage().startsWith("chain view cannot be dated: the newest final block this proxy's chain"
        + " node has, 42, is 86400.0 s ahead of the proxy's clock, more than maxChainLagMs 10000"),
        refused.getMessage());
  }

  @Test
  void theBoundMustBePositive() {
    Clock clock = Clock.systemUTC();
    assertThrows(IllegalArgumentException.class, () -> new ChainFreshness(Duration.ZERO, clock));
    assertThrows(IllegalArgumentException.class, () -> new ChainFreshness(Duration.ofMillis(-1), clock));
  }

  private static Views.Head head(long timestampMs) {
    return new Views.Head(42, "0x00", timestampMs);
  }
}
