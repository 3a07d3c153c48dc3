package io.cpchain.sharing.proxy;

import io.cpchain.consensus.api.Hash;
import io.cpchain.sharing.protocol.Messages;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The anchored intervals a proxy has announced, per device, and the live requests waiting for them.
 * A request is a long poll: it returns at once with what is newer than its cursor, else waits until
 * an interval it covers arrives, its grant ends, or {@code wait} passes (an empty answer: a heartbeat).
 * Announcing and ending only wake the waiters; the requests' own threads write the answers, so a slow
 * client never holds up an announcement or the proxy's view refresh.
 *
 * <p>Bounded: at most {@code maxWaiting} requests wait at once (each holds one of the server's
 * connection threads, for at most {@code wait}) and {@code maxPerGrant} per grant; beyond that a 503.
 * Per device the newest {@link #KEPT_PER_DEVICE} intervals are kept, and only devices a held grant
 * covers ({@link #retain}).
 */
final class LiveIntervals {

  /** The newest intervals kept per device: what a grantee reconnecting within a few hours can still catch up on. */
  static final int KEPT_PER_DEVICE = 256;

  /** An answer: intervals after the cursor, oldest first, or why the grant stopped (null while it lasts). */
  record Answer(List<Messages.LiveInterval> intervals, String end) {}

  private final Duration wait;
  private final int maxWaiting;
  private final int maxPerGrant;
  private final Clock clock;
  /** Guarded by {@code this}, as are the counts below. */
  private final Map<String, TreeMap<Long, Messages.LiveInterval>> byDevice = new HashMap<>();
  private final Map<Hash, Integer> waitingPerGrant = new HashMap<>();
  private int waiting;

  LiveIntervals(Duration wait, int maxWaiting, int maxPerGrant, Clock clock) {
    this.wait = wait;
    this.maxWaiting = maxWaiting;
    this.maxPerGrant = maxPerGrant;
    this.clock = clock;
  }

  /**
   * Keeps an announced interval and wakes the waiters; false if the device's interval of that start
   * is held already (the first announcement stands: each is delivered once). A device's intervals
   * must be announced in start order: an interval older than the newest one held would come after a
   * cursor that may have passed it, so it is refused (409) rather than skipped unseen by a grantee.
   */
  synchronized boolean add(Messages.LiveInterval interval) throws ProxyRefusal {
    TreeMap<Long, Messages.LiveInterval> kept = byDevice.computeIfAbsent(interval.deviceId(), d -> new TreeMap<>());
    long start = interval.intervalStartMs();
    if (kept.containsKey(start)) {
      return false;
    }
    if (!kept.isEmpty() && start < kept.lastKey()) {
      throw new ProxyRefusal(409, "interval " + interval.deviceId() + " " + start + " is older than the newest one"
          + " announced here (" + kept.lastKey() + "): a device's intervals are announced in start order");
    }
    kept.put(start, interval);
    while (kept.size() > KEPT_PER_DEVICE) {
      kept.pollFirstEntry();
    }
    notifyAll();
    return true;
  }

  /** Forgets the devices no held grant covers any more, and wakes the waiters to look at the new view. */
  synchronized void retain(Set<String> devices) {
    byDevice.keySet().retainAll(devices);
    notifyAll();
  }

  /**
   * The intervals of {@code device} after {@code afterMs} that {@code covered} takes, waiting for
   * them until {@code untilMs} at the latest (and {@code wait}), unless {@code ended} says (on each
   * wake) the grant stopped.
   *
   * @throws ProxyRefusal 503 if too many requests wait, on this proxy or for this grant
   */
  Answer await(Hash grantId, String device, long afterMs, Predicate<Messages.LiveInterval> covered, long untilMs,
      Supplier<String> ended) throws ProxyRefusal {
    long deadline = Math.min(untilMs, clock.millis() + wait.toMillis());
    synchronized (this) {
      int forGrant = waitingPerGrant.getOrDefault(grantId, 0);
      if (waiting >= maxWaiting || forGrant >= maxPerGrant) {
        throw new ProxyRefusal(503, waiting >= maxWaiting ? "this proxy has " + maxWaiting + " live requests"
            + " waiting already; ask again or another proxy" : "grant " + grantId.toHex() + " has " + maxPerGrant
            + " live requests waiting here already");
      }
      waiting++;
      waitingPerGrant.put(grantId, forGrant + 1);
      try {
        while (true) {
          String end = ended.get();
          if (end != null) {
            return new Answer(List.of(), end);
          }
          List<Messages.LiveInterval> newer = after(device, afterMs, covered);
          long left = deadline - clock.millis();
          if (!newer.isEmpty() || left <= 0) {
            return new Answer(newer, null);
          }
          wait(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(List.of(), null);
      } finally {
        waiting--;
        waitingPerGrant.merge(grantId, -1, (a, b) -> a + b == 0 ? null : a + b);
      }
    }
  }

  synchronized boolean holds(String device, long intervalStartMs) {
    TreeMap<Long, Messages.LiveInterval> kept = byDevice.get(device);
    return kept != null && kept.containsKey(intervalStartMs);
  }

  /** Requests waiting now. */
  synchronized int waiting() {
    return waiting;
  }

  private List<Messages.LiveInterval> after(String device, long afterMs, Predicate<Messages.LiveInterval> covered) {
    TreeMap<Long, Messages.LiveInterval> kept = byDevice.get(device);
    if (kept == null || afterMs == Long.MAX_VALUE) {
      return List.of();
    }
    List<Messages.LiveInterval> newer = new ArrayList<>();
    for (Messages.LiveInterval interval : kept.tailMap(afterMs, false).values()) {
      if (covered.test(interval)) {
        newer.add(interval);
      }
    }
    return newer;
  }
}
