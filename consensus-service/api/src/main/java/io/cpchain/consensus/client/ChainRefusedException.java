package io.cpchain.consensus.client;

/** A transaction reached a final block but the chain refused it; {@link #receipt()} says why. */
public final class ChainRefusedException extends IllegalStateException {

  private final Views.ReceiptInfo receipt;

  ChainRefusedException(String what, Views.ReceiptInfo receipt) {
    super("the chain refused " + what + " at height " + receipt.height() + ": " + receipt.reason());
    this.receipt = receipt;
  }

  public Views.ReceiptInfo receipt() {
    return receipt;
  }
}
