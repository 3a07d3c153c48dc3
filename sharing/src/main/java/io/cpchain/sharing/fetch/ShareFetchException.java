package io.cpchain.sharing.fetch;

import java.util.List;

/**
 * An interval a grantee could not open, with one line saying why (the proxies' reasons included),
 * and the proven faults met on the way, which are evidence even when the interval stays closed.
 */
public final class ShareFetchException extends Exception {

  private final transient List<ShareFetcher.Fault> faults;

  public ShareFetchException(String message) {
    this(message, List.of());
  }

  public ShareFetchException(String message, List<ShareFetcher.Fault> faults) {
    super(message);
    this.faults = List.copyOf(faults);
  }

  public List<ShareFetcher.Fault> faults() {
    return faults;
  }
}
