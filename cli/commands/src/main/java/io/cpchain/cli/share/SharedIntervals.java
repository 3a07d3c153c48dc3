package io.cpchain.cli.share;

import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.consensus.api.Hash;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.sharing.fetch.ShareFetchException;
import io.cpchain.sharing.fetch.ShareFetcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The grantee's whole fetch of a grant on the local stack: every interval of the granted device in
 * the grant's range from the manifests topic, each manifest checked against its anchor receipt and
 * the chain (quorum certificate of the block), then opened through the proxies. An interval that
 * fails says why in one line, and is never returned.
 */
public final class SharedIntervals {

  /** One interval: opened, or the line that says why not; with the proxy faults proven either way. */
  public record Result(AnchoredIntervals.Published interval, ShareFetcher.Opened opened, String error,
      List<ShareFetcher.Fault> faults) {
    public boolean ok() {
      return error == null;
    }
  }

  private final AnchoredIntervals topics;
  private final ReceiptVerifier receipts;
  private final ShareFetcher fetcher;

  public SharedIntervals(AnchoredIntervals topics, ReceiptVerifier receipts, ShareFetcher fetcher) {
    this.topics = topics;
    this.receipts = receipts;
    this.fetcher = fetcher;
  }

  public ShareFetcher fetcher() {
    return fetcher;
  }

  /** The published intervals a grant covers: its device, starts within its range. */
  public List<AnchoredIntervals.Published> covered(ShareFetcher.Grant grant) {
    return topics.manifests(p -> p.manifest().getDeviceId().equals(grant.info().dataset())
        && p.manifest().getIntervalStartMs() >= grant.info().fromInterval()
        && p.manifest().getIntervalStartMs() <= grant.info().toInterval());
  }

  public List<Result> read(Hash grantId) throws ShareFetchException {
    ShareFetcher.Grant grant = fetcher.open(grantId);
    return read(grant, covered(grant));
  }

  public List<Result> read(ShareFetcher.Grant grant, List<AnchoredIntervals.Published> intervals) {
    Map<String, AnchorReceipt> anchored = topics.receipts();
    List<Result> results = new ArrayList<>();
    for (AnchoredIntervals.Published p : intervals) {
      AnchorReceipt receipt = anchored.get(p.hash());
      String interval = "interval " + p.manifest().getDeviceId() + " [" + p.manifest().getIntervalStartMs() + ", "
          + p.manifest().getIntervalEndMs() + ")";
      if (receipt == null) {
        results.add(new Result(p, null, interval + ": not anchored on the chain yet", List.of()));
        continue;
      }
      ReceiptVerifier.Verdict verdict = receipts.verify(p.encoded(), receipt);
      if (!verdict.verified()) {
        results.add(new Result(p, null, interval + ": " + verdict, List.of()));
        continue;
      }
      try {
        ShareFetcher.Opened opened = fetcher.read(grant, p.encoded());
        results.add(new Result(p, opened, null, opened.faults()));
      } catch (ShareFetchException e) {
        results.add(new Result(p, null, e.getMessage(), e.faults()));
      }
    }
    return results;
  }
}
