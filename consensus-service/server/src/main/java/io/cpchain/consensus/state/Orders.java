package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.OrderRecord;
import io.cpchain.consensus.api.OrderRecord.State;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The market's orders with escrow (issue 21): every open state has a deadline and an exit, so no
 * unit stays in escrow for good. PLACED (the price in escrow): the seller accepts before acceptBy,
 * the buyer cancels, or after acceptBy anyone settles it and the buyer is refunded. ACCEPTED (the
 * price and the seller's deposit): the buyer confirms, or after completeBy anyone settles it as
 * completed; both pay the seller the price and return its deposit. The total in escrow is kept and
 * is always the sum of what the open orders hold. Not thread-safe, like the state it is part of.
 */
final class Orders {

  /** The balances an order moves funds between. */
  interface Ledger {
    /** Takes {@code amount} from {@code who}, or returns false and takes nothing. */
    boolean debit(Address who, long amount);

    void credit(Address who, long amount);

    long balance(Address who);
  }

  private final Genesis.OrderRules rules;
  private final HashMap<Hash, OrderRecord> orders;
  private long escrow;

  Orders(Genesis.OrderRules rules) {
    this.rules = rules;
    this.orders = new HashMap<>();
  }

  private Orders(Orders other) {
    this.rules = other.rules;
    this.orders = new HashMap<>(other.orders); // records are immutable
    this.escrow = other.escrow;
  }

  Orders copy() {
    return new Orders(this);
  }

  static boolean handles(Payload payload) {
    return payload instanceof Payload.PlaceOrder || payload instanceof Payload.AcceptOrder
        || payload instanceof Payload.ConfirmOrder || payload instanceof Payload.SettleOrder
        || payload instanceof Payload.CancelOrder;
  }

  Optional<OrderRecord> order(Hash id) {
    return Optional.ofNullable(orders.get(id));
  }

  /** Every unit the open orders hold: their prices, and the deposits of the accepted ones. */
  long escrow() {
    return escrow;
  }

  /**
   * Executes an order transaction {@code txHash} of {@code sender} in the block at {@code height} of
   * time {@code nowMs}: OK with the funds moved, or refused with the reason and nothing changed.
   */
  Verdict apply(Address sender, Payload payload, long height, long nowMs, Hash txHash,
      Function<Hash, Optional<ListingRecord>> listings, Ledger ledger) {
    if (payload instanceof Payload.PlaceOrder p) {
      return place(sender, p, height, nowMs, txHash, listings, ledger);
    }
    Hash id = orderId(payload);
    OrderRecord order = orders.get(id);
    if (order == null) {
      return Verdict.refused("no order " + id.toHex());
    }
    if (payload instanceof Payload.AcceptOrder) {
      return accept(sender, order, height, nowMs, ledger);
    } else if (payload instanceof Payload.ConfirmOrder) {
      Verdict may = byParty(sender, order.buyer(), order, "buyer", "confirm");
      may = may.ok() ? inState(order, State.ACCEPTED, "only an accepted order is confirmed") : may;
      return may.ok() ? close(order, State.CONFIRMED, order.seller(), height, nowMs, ledger) : may;
    } else if (payload instanceof Payload.CancelOrder) {
      Verdict may = byParty(sender, order.buyer(), order, "buyer", "cancel");
      may = may.ok() ? inState(order, State.PLACED, "only an order not yet accepted is cancelled") : may;
      return may.ok() ? close(order, State.CANCELLED, order.buyer(), height, nowMs, ledger) : may;
    }
    return settle(order, height, nowMs, ledger);
  }

  private Verdict place(Address buyer, Payload.PlaceOrder p, long height, long nowMs, Hash txHash,
      Function<Hash, Optional<ListingRecord>> listings, Ledger ledger) {
    ListingRecord listing = listings.apply(p.listingId()).orElse(null);
    if (listing == null) {
      return Verdict.refused("no listing " + p.listingId().toHex());
    }
    String named = "listing " + listing.id().toHex();
    if (listing.delisted()) {
      return Verdict.refused(named + " was delisted at height " + listing.delistedHeight() + "; it takes no orders");
    }
    if (listing.seller().equals(buyer)) {
      return Verdict.refused("the seller " + buyer + " may not order its own " + named);
    }
    if (p.price() != listing.terms().price()) {
      return Verdict.refused(named + " costs " + listing.terms().price() + " now, not " + p.price()
          + "; an order is at the listing's current price");
    }
    if (!p.licenceHash().equals(listing.terms().licenceHash())) {
      return Verdict.refused(named + " is under licence " + listing.terms().licenceHash().toHex() + ", not "
          + p.licenceHash().toHex() + "; an order agrees to the listing's licence");
    }
    if (p.acceptByMs() - nowMs < rules.minWindowMs()) {
      return Verdict.refused("acceptByMs " + p.acceptByMs() + " must be at least " + rules.minWindowMs()
          + " ms after the block's time " + nowMs + " (the chain's orderMinWindowMs)");
    }
    if (p.completeByMs() - p.acceptByMs() < rules.minWindowMs()) {
      return Verdict.refused("completeByMs " + p.completeByMs() + " must be at least " + rules.minWindowMs()
          + " ms after acceptByMs " + p.acceptByMs() + " (the chain's orderMinWindowMs)");
    }
    if (p.completeByMs() - nowMs > rules.maxWindowMs()) {
      return Verdict.refused("completeByMs " + p.completeByMs() + " must be at most " + rules.maxWindowMs()
          + " ms after the block's time " + nowMs + " (the chain's orderMaxWindowMs)");
    }
    long balance = ledger.balance(buyer);
    if (!ledger.debit(buyer, p.price())) {
      return Verdict.refused("insufficient balance: the price " + p.price() + " exceeds the buyer's balance "
          + balance);
    }
    escrow = Math.addExact(escrow, p.price());
    orders.put(txHash, new OrderRecord(txHash, listing.id(), buyer, listing.seller(), p.price(), p.licenceHash(),
        p.acceptByMs(), p.completeByMs(), 0, State.PLACED, height, nowMs, 0, 0, 0, 0));
    return Verdict.OK;
  }

  private Verdict accept(Address sender, OrderRecord order, long height, long nowMs, Ledger ledger) {
    Verdict may = byParty(sender, order.seller(), order, "seller", "accept");
    may = may.ok() ? inState(order, State.PLACED, "only a placed order is accepted") : may;
    if (!may.ok()) {
      return may;
    }
    if (nowMs >= order.acceptByMs()) {
      return Verdict.refused("order " + order.id().toHex() + " had to be accepted before " + order.acceptByMs()
          + " (acceptByMs), the block's time is " + nowMs + "; it is settled as expired, the buyer refunded");
    }
    long deposit = rules.deposit(order.price());
    long balance = ledger.balance(sender);
    if (!ledger.debit(sender, deposit)) {
      return Verdict.refused("insufficient balance: the seller's deposit " + deposit + " (" + rules.depositPercent()
          + " % of the price) exceeds its balance " + balance);
    }
    escrow = Math.addExact(escrow, deposit);
    orders.put(order.id(), order.accepted(deposit, height, nowMs));
    return Verdict.OK;
  }

  /** Once a deadline passed, anyone closes the order the way its state says. */
  private Verdict settle(OrderRecord order, long height, long nowMs, Ledger ledger) {
    if (order.state() == State.PLACED) {
      return nowMs >= order.acceptByMs() ? close(order, State.EXPIRED, order.buyer(), height, nowMs, ledger)
          : Verdict.refused("order " + order.id().toHex() + " may be accepted until " + order.acceptByMs()
              + " (acceptByMs), the block's time is " + nowMs + "; nothing to settle before then");
    } else if (order.state() == State.ACCEPTED) {
      return nowMs >= order.completeByMs() ? close(order, State.COMPLETED, order.seller(), height, nowMs, ledger)
          : Verdict.refused("order " + order.id().toHex() + " may be confirmed by its buyer until "
              + order.completeByMs() + " (completeByMs), the block's time is " + nowMs
              + "; nothing to settle before then");
    }
    return Verdict.refused("order " + order.id().toHex() + " is " + order.state().label() + " since height "
        + order.closedHeight() + "; nothing is left to settle");
  }

  /**
   * Closes an open order as {@code outcome}: everything it holds goes to {@code payee}, the price and,
   * if accepted, the seller's deposit back to the seller, or the price back to the buyer (an order
   * closed unaccepted holds no deposit).
   */
  private Verdict close(OrderRecord order, State outcome, Address payee, long height, long nowMs, Ledger ledger) {
    long held = order.escrowed();
    escrow -= held;
    ledger.credit(payee, held);
    orders.put(order.id(), order.closed(outcome, height, nowMs));
    return Verdict.OK;
  }

  private static Verdict byParty(Address sender, Address party, OrderRecord order, String role, String action) {
    return Verdict.check(sender.equals(party), "order " + order.id().toHex() + " has " + role + " " + party
        + "; only its " + role + " may " + action + " it");
  }

  private static Verdict inState(OrderRecord order, State wanted, String rule) {
    if (order.state() == wanted) {
      return Verdict.OK;
    }
    String since = order.state().open() ? "" : " since height " + order.closedHeight();
    return Verdict.refused("order " + order.id().toHex() + " is " + order.state().label() + since + "; " + rule);
  }

  private static Hash orderId(Payload payload) {
    if (payload instanceof Payload.AcceptOrder a) {
      return a.orderId();
    } else if (payload instanceof Payload.ConfirmOrder c) {
      return c.orderId();
    } else if (payload instanceof Payload.SettleOrder s) {
      return s.orderId();
    } else if (payload instanceof Payload.CancelOrder c) {
      return c.orderId();
    }
    throw new IllegalArgumentException("not an order transaction: " + payload.getClass().getSimpleName());
  }

  /** The canonical encodings of every order, closed ones too, and of the escrow total: leaves of the state root. */
  List<byte[]> leaves() {
    List<byte[]> leaves = new ArrayList<>(orders.size() + 1);
    orders.values().forEach(o -> leaves.add(o.leaf()));
    leaves.add(new Encoder().u8('e').i64(escrow).toBytes());
    return leaves;
  }
}
