package io.cpchain.market.index;

/** A search the index cannot run as asked: bad query syntax, a page out of bounds, a filter out of range. */
public final class MalformedQueryException extends IllegalArgumentException {
  public MalformedQueryException(String reason) {
    super(reason);
  }
}
