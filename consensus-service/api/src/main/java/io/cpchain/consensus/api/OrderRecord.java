package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import java.util.Locale;

/**
 * A market order as the chain holds it: its id (the hash of the PlaceOrder transaction), the listing,
 * the buyer and seller, the price in escrow, the licence hash the buyer agreed to, its deadlines
 * (block times, ms), the seller's deposit (0 until accepted), its state, and the blocks it was placed,
 * accepted (0: not yet) and closed (0: open) in. Immutable; every transition makes a new record.
 */
public record OrderRecord(Hash id, Hash listingId, Address buyer, Address seller, long price, Hash licenceHash,
    long acceptByMs, long completeByMs, long deposit, State state, long placedHeight, long placedAtMs,
    long acceptedHeight, long acceptedAtMs, long closedHeight, long closedAtMs) {

  /**
   * Where an order is. Open: {@link #PLACED} (the price in escrow) and {@link #ACCEPTED} (the price
   * and the seller's deposit). Closed, nothing left in escrow: {@link #CONFIRMED} and
   * {@link #COMPLETED} (the seller paid, its deposit returned; by the buyer, or at completeBy),
   * {@link #CANCELLED} and {@link #EXPIRED} (the buyer refunded; by the buyer, or after acceptBy).
   * A dispute, when it comes, is an open state entered from {@link #ACCEPTED} before completeBy.
   */
  public enum State {
    PLACED, ACCEPTED, CONFIRMED, COMPLETED, CANCELLED, EXPIRED;

    public boolean open() {
      return this == PLACED || this == ACCEPTED;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What the chain holds for this order: the price while open, the seller's deposit too once accepted. */
  public long escrowed() {
    return state.open() ? price + deposit : 0;
  }

  public OrderRecord accepted(long sellerDeposit, long height, long timeMs) {
    return new OrderRecord(id, listingId, buyer, seller, price, licenceHash, acceptByMs, completeByMs, sellerDeposit,
        State.ACCEPTED, placedHeight, placedAtMs, height, timeMs, 0, 0);
  }

  public OrderRecord closed(State outcome, long height, long timeMs) {
    if (outcome.open()) {
      throw new IllegalArgumentException("an order closes as confirmed, completed, cancelled or expired");
    }
    return new OrderRecord(id, listingId, buyer, seller, price, licenceHash, acceptByMs, completeByMs, deposit,
        outcome, placedHeight, placedAtMs, acceptedHeight, acceptedAtMs, height, timeMs);
  }

  /** Its canonical encoding, a leaf of the state root. */
  public byte[] leaf() {
    return new Encoder().u8('b').hash(id).hash(listingId).address(buyer).address(seller).i64(price).hash(licenceHash)
        .i64(acceptByMs).i64(completeByMs).i64(deposit).u8(state.ordinal()).i64(placedHeight).i64(placedAtMs)
        .i64(acceptedHeight).i64(acceptedAtMs).i64(closedHeight).i64(closedAtMs).toBytes();
  }
}
