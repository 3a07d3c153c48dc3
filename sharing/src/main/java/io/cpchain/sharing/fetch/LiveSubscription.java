package io.cpchain.sharing.fetch;

import io.cpchain.crypto.sign.Address;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import io.cpchain.sharing.protocol.ProxyClient;
import io.cpchain.sharing.protocol.ProxyDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The grantee's live subscription to a grant: one long-poll loop per proxy of the grant (at most
 * {@code Payload.MAX_PROXIES} threads), each asking for the intervals after what it has seen. An
 * interval is taken once m of the n proxies (the grant's threshold) announced it with the same
 * manifest and receipt ({@link Announcements}), then opened through the proxies as
 * {@link ShareFetcher#read} does; the subscription ends once n - m + 1 proxies say the grant ended
 * (the rest could not make m cfrags).
 *
 * <p>Why m announcements rather than one whose anchor the grantee checks: m is the trust the grant
 * already places in its proxies (fewer than m cannot make the grantee take an interval that is not
 * anchored), it needs no chain access and no topic at the grantee, and the fetch needs m answering
 * proxies anyway. Intervals come out in start order, each once: the cursor only moves forward, and an
 * announcement at or before it is dropped. A proxy that drops is asked again every {@link #RETRY}
 * with its own cursor (or the delivered one, whichever is later); the others go on meanwhile.
 */
public final class LiveSubscription implements AutoCloseable {

  /** What a subscription yields, in order. */
  public sealed interface Event permits Delivered, Failed, Ended {}

  /** An interval opened: its announcement (block time, receipt) and when it was opened (ms, this clock). */
  public record Delivered(Messages.LiveInterval interval, ShareFetcher.Opened opened, long deliveredAtMs)
      implements Event {}

  /** An interval announced by m proxies that could not be opened, and why (never skipped silently). */
  public record Failed(Messages.LiveInterval interval, String error, List<ShareFetcher.Fault> faults)
      implements Event {}

  /** The grant stopped: {@code revoked}, {@code expired} or {@code complete} (its range is delivered). */
  public record Ended(String reason) implements Event {}

  /** How long a proxy that did not answer (or refused) waits before it is asked again. */
  static final Duration RETRY = Duration.ofSeconds(1);

  private final ShareFetcher fetcher;
  private final ShareFetcher.Grant grant;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
  private final List<Thread> loops = new ArrayList<>();
  /** Guarded by {@code this}. */
  private final Announcements announcements;

  private LiveSubscription(ShareFetcher fetcher, ShareFetcher.Grant grant, long afterMs) {
    this.fetcher = fetcher;
    this.grant = grant;
    this.announcements = new Announcements(grant.info().threshold(), grant.info().proxies().size(), afterMs);
  }

  /** Subscribes to the grant's intervals anchored after {@code afterMs} ({@code Long.MIN_VALUE}: all the proxies hold). */
  public static LiveSubscription start(ShareFetcher fetcher, ShareFetcher.Grant grant, long afterMs) {
    LiveSubscription subscription = new LiveSubscription(fetcher, grant, afterMs);
    for (ProxyDirectory.Known proxy : grant.proxies().values()) {
      Thread loop = new Thread(() -> subscription.poll(proxy), "live-" + proxy.address().toHex());
      loop.setDaemon(true);
      subscription.loops.add(loop);
      loop.start();
    }
    return subscription;
  }

  /**
   * The next event, waiting at most {@code timeout} (null if none came); a taken interval is opened
   * here, on the caller's thread. After {@link Ended} there are no more.
   */
  public Event next(Duration timeout) throws InterruptedException {
    Object item = ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (item instanceof Ended ended) {
      return ended;
    }
    if (item == null) {
      return null;
    }
    Messages.LiveInterval interval = (Messages.LiveInterval) item;
    try {
      ShareFetcher.Opened opened = fetcher.read(grant, Hex.parse(interval.manifest(), "manifest"));
      return new Delivered(interval, opened, System.currentTimeMillis());
    } catch (ShareFetchException e) {
      return new Failed(interval, e.getMessage(), e.faults());
    }
  }

  private void poll(ProxyDirectory.Known proxy) {
    ProxyClient client = proxy.client();
    long seen = Long.MIN_VALUE;
    while (closed.getCount() > 0) {
      long after = Math.max(seen, delivered());
      try {
        Messages.Live live = client.live(fetcher.liveRequest(grant.id(), after));
        if (live.end() != null) {
          ended(proxy.address(), live.end());
          return;
        }
        for (Messages.LiveInterval interval : live.intervals()) {
          if (interval.intervalStartMs() > after) {
            announced(proxy.address(), interval);
            seen = Math.max(seen, interval.intervalStartMs());
          }
        }
      } catch (ProxyClient.Refused | IllegalArgumentException e) {
        try {
          if (closed.await(RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  private synchronized long delivered() {
    return announcements.taken();
  }

  private synchronized void announced(Address proxy, Messages.LiveInterval interval) {
    announcements.announced(proxy, interval).ifPresent(ready::add);
  }

  private synchronized void ended(Address proxy, String reason) {
    announcements.ended(proxy, reason).map(Ended::new).ifPresent(ready::add);
  }

  @Override
  public void close() {
    closed.countDown();
    for (Thread loop : loops) {
      loop.interrupt();
    }
  }
}
