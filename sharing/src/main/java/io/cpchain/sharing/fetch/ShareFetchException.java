package io.cpchain.sharing.fetch;

/** An interval a grantee could not open, with one line saying why (the proxies' reasons included). */
public final class ShareFetchException extends Exception {
  public ShareFetchException(String message) {
    super(message);
  }
}
