package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Hash;

/**
 * The outcome of an included transaction. FAILED transactions (e.g. a transfer beyond the balance)
 * are still included and use up their nonce, as in Ethereum; {@code reason} says why.
 */
public record Receipt(Hash txHash, long height, int index, Status status, String reason) {

  public enum Status { OK, FAILED }

  static Receipt ok(Hash tx, long height, int index) {
    return new Receipt(tx, height, index, Status.OK, "");
  }

  static Receipt failed(Hash tx, long height, int index, String reason) {
    return new Receipt(tx, height, index, Status.FAILED, reason);
  }
}
