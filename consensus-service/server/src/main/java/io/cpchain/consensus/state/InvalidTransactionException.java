package io.cpchain.consensus.state;

/** A transaction that may not be included at all (wrong chain, wrong nonce): a block holding it is invalid. */
public final class InvalidTransactionException extends Exception {
  public InvalidTransactionException(String message) {
    super(message);
  }
}
