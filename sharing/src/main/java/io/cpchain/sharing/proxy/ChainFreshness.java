package io.cpchain.sharing.proxy;

import io.cpchain.consensus.client.Views;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * How old a proxy's view of the chain may be when it acts on it. A proxy reads grants from one chain
 * node; a node that is cut off, frozen or still catching up answers from an old final state, in
 * which a grant revoked since is in force. The chain makes a block at least every
 * {@code emptyBlockIntervalMs} (plus a round timeout when a proposer is down), so the newest final
 * block the node has, by its proposer's timestamp against this proxy's clock, says how old its
 * answers can be. A block up to the bound from the proxy's future (its proposer's clock ahead)
 * counts as fresh; one further ahead is refused too: the chain does not bound its proposers'
 * timestamps, and every block after a future-dated one is dated after it, so such a head says
 * nothing about how old the view is.
 */
final class ChainFreshness {

  private final Duration maxLag;
  private final Clock clock;

  ChainFreshness(Duration maxLag, Clock clock) {
    if (maxLag.isNegative() || maxLag.isZero()) {
      throw new IllegalArgumentException("maxChainLagMs must be positive");
    }
    this.maxLag = maxLag;
    this.clock = clock;
  }

  /** Nothing if {@code head} is at most the bound old (or ahead) now; else a 503 refusal: ask another proxy. */
  void require(Views.Head head) throws ProxyRefusal {
    long age = clock.millis() - head.timestampMs();
    if (-age > maxLag.toMillis()) {
      throw new ProxyRefusal(503, String.format(Locale.ROOT, "chain view cannot be dated: the newest final block "
          + "this proxy's chain node has, %d, is %.1f s ahead of the proxy's clock, more than maxChainLagMs %d (a "
          + "proposer's clock or the proxy's is off); ask another proxy", head.height(), -age / 1000.0,
          maxLag.toMillis()));
    }
    if (age > maxLag.toMillis()) {
      throw new ProxyRefusal(503, String.format(Locale.ROOT, "chain view is %.1f s old (the newest final block this "
          + "proxy's chain node has, %d, is from %d), more than maxChainLagMs %d: the node is behind or cut off; ask another "
          + "proxy", age / 1000.0, head.height(), head.timestampMs(), maxLag.toMillis()));
    }
  }
}
