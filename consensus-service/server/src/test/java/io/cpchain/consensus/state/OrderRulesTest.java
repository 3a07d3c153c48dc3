package io.cpchain.consensus.state;

import static io.cpchain.consensus.state.ChainStateTest.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.OrderRecord;
import io.cpchain.consensus.api.OrderRecord.State;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Market orders with escrow (issue 21) on real blocks of chosen times: every transition, both
 * deadlines, each party acting out of turn, double spending, and every unit accounted for.
 */
class OrderRulesTest {

  static final Genesis.OrderRules RULES = new Genesis.OrderRules(10, 1_000, 100_000);
  static final long T0 = 1_000_000;
  static final long ACCEPT_BY = T0 + 10_000;
  static final long COMPLETE_BY = T0 + 20_000;
  static final long PRICE = 500;
  static final long DEPOSIT = 50;

  final List<AccountPrivateKey> nodes = List.of(AccountPrivateKey.generate(), AccountPrivateKey.generate(),
      AccountPrivateKey.generate(), AccountPrivateKey.generate());
  final AccountPrivateKey seller = AccountPrivateKey.generate();
  final AccountPrivateKey buyer = AccountPrivateKey.generate();
  final AccountPrivateKey stranger = AccountPrivateKey.generate();
  final Map<Address, Long> nonces = new HashMap<>();
  ChainState state;
  long total;

  OrderRulesTest() {
    start(1_000, 10_000, 1_000);
  }

  /** A new chain whose seller, buyer and stranger start with these balances. */
  void start(long sellerFunds, long buyerFunds, long strangerFunds) {
    state = ChainState.genesis(genesis(sellerFunds, buyerFunds, strangerFunds));
    total = supply();
  }

  Genesis genesis(long sellerFunds, long buyerFunds, long strangerFunds) {
    Map<Address, Long> balances = new HashMap<>();
    Map<Address, Long> deposits = new HashMap<>();
    nodes.forEach(k -> deposits.put(k.publicKey().address(), 100L));
    balances.put(address(seller), sellerFunds);
    balances.put(address(buyer), buyerFunds);
    balances.put(address(stranger), strangerFunds);
    return new Genesis(1, nodes.stream().map(k -> k.publicKey().address()).toList(), balances, deposits, 100, 4, 1,
        50, Genesis.DEFAULT_WEIGHTS, 10, RULES);
  }

  static Address address(AccountPrivateKey key) {
    return key.publicKey().address();
  }

  Transaction tx(AccountPrivateKey sender, Payload payload) {
    long nonce = nonces.merge(address(sender), 1L, Long::sum) - 1;
    return Transaction.sign(sender, 1, nonce, payload);
  }

  /** Executes and seals the next block, of time {@code timeMs}, with these transactions; their outcomes. */
  List<String> at(long timeMs, Transaction... txs) throws InvalidTransactionException {
    List<Transaction> list = List.of(txs);
    long height = state.height() + 1;
    Address proposer = state.proposer(height, 0);
    ChainState copy = state.copy();
    copy.beginBlock(height, 0, proposer, timeMs);
    for (int i = 0; i < list.size(); i++) {
      copy.apply(list.get(i), i);
    }
    Block block = new Block(new BlockHeader(1, height, 0, state.lastHash(), proposer, timeMs, Block.txRoot(list),
        copy.stateRoot()), list);
    List<String> outcomes = outcomes(state.execute(block));
    state.seal(block);
    assertEquals(total, supply(), "every unit is in a balance, an RNode deposit or escrow");
    return outcomes;
  }

  /** Every balance, RNode deposit and unit in escrow: what the chain started with, always. */
  long supply() {
    long sum = state.escrowTotal();
    for (AccountPrivateKey key : List.of(seller, buyer, stranger)) {
      sum += state.account(address(key)).balance();
    }
    for (AccountPrivateKey node : nodes) {
      sum += state.account(address(node)).balance() + state.deposit(address(node)).orElse(0L);
    }
    return sum;
  }

  long balance(AccountPrivateKey key) {
    return state.account(address(key)).balance();
  }

  OrderRecord order(Hash id) {
    return state.order(id).orElseThrow();
  }

  Hash list() throws InvalidTransactionException {
    Transaction listing = tx(seller, new Payload.ListData(ListingRulesTest.terms(address(seller), "Traffic")));
    assertEquals(List.of("OK"), at(T0, listing));
    return listing.hash();
  }

  Payload.PlaceOrder placing(Hash listing) {
    return new Payload.PlaceOrder(listing, PRICE, Hash.keccak("licence".getBytes()), ACCEPT_BY, COMPLETE_BY);
  }

  /** A placed order; its id is the transaction's hash. */
  Hash place(Hash listing) throws InvalidTransactionException {
    Transaction place = tx(buyer, placing(listing));
    assertEquals(List.of("OK"), at(T0 + 1, place));
    return place.hash();
  }

  @Test
  void placedAcceptedConfirmedPaysTheSellerAndReturnsItsDeposit() throws Exception {
    Hash listing = list();
    Hash id = place(listing);
    OrderRecord placed = order(id);
    assertEquals(State.PLACED, placed.state());
    assertEquals(listing, placed.listingId());
    assertEquals(address(buyer), placed.buyer());
    assertEquals(address(seller), placed.seller());
    assertEquals(10_000 - PRICE, balance(buyer));
    assertEquals(PRICE, state.escrowTotal());

    assertEquals(List.of("OK"), at(T0 + 2, tx(seller, new Payload.AcceptOrder(id))));
    assertEquals(State.ACCEPTED, order(id).state());
    assertEquals(DEPOSIT, order(id).deposit(), "10 % of the price, the genesis rule");
    assertEquals(1_000 - DEPOSIT, balance(seller));
    assertEquals(PRICE + DEPOSIT, state.escrowTotal());

    assertEquals(List.of("OK"), at(T0 + 3, tx(buyer, new Payload.ConfirmOrder(id))));
    OrderRecord confirmed = order(id);
    assertEquals(State.CONFIRMED, confirmed.state());
    assertEquals(state.height(), confirmed.closedHeight());
    assertEquals(T0 + 3, confirmed.closedAtMs());
    assertEquals(1_000 + PRICE, balance(seller), "the price paid, the deposit returned");
    assertEquals(10_000 - PRICE, balance(buyer));
    assertEquals(0, state.escrowTotal());
    assertEquals(0, confirmed.escrowed());
  }

  @Test
  void anOrderIsAtTheListingsPriceAndLicenceWithinTheBuyersBalanceAndTheChainsWindows() throws Exception {
    Hash listing = list();
    Hash unknown = Hash.keccak(new byte[] {7});
    Hash licence = Hash.keccak("licence".getBytes());
    Hash other = Hash.keccak("another licence".getBytes());
    String named = "listing " + listing.toHex();
    assertEquals(List.of(
        "no listing " + unknown.toHex(),
        named + " costs 500 now, not 400; an order is at the listing's current price",
        named + " is under licence " + licence.toHex() + ", not " + other.toHex()
            + "; an order agrees to the listing's licence",
        "the seller " + address(seller) + " may not order its own " + named,
        "acceptByMs " + (T0 + 999) + " must be at least 1000 ms after the block's time " + T0
            + " (the chain's orderMinWindowMs)",
        "completeByMs " + (ACCEPT_BY + 999) + " must be at least 1000 ms after acceptByMs " + ACCEPT_BY
            + " (the chain's orderMinWindowMs)",
        "completeByMs " + (T0 + 100_001) + " must be at most 100000 ms after the block's time " + T0
            + " (the chain's orderMaxWindowMs)",
        "insufficient balance: the price 500 exceeds the buyer's balance 0"),
        at(T0,
            tx(buyer, new Payload.PlaceOrder(unknown, PRICE, licence, ACCEPT_BY, COMPLETE_BY)),
            tx(buyer, new Payload.PlaceOrder(listing, 400, licence, ACCEPT_BY, COMPLETE_BY)),
            tx(buyer, new Payload.PlaceOrder(listing, PRICE, other, ACCEPT_BY, COMPLETE_BY)),
            tx(seller, placing(listing)),
            tx(buyer, new Payload.PlaceOrder(listing, PRICE, licence, T0 + 999, COMPLETE_BY)),
            tx(buyer, new Payload.PlaceOrder(listing, PRICE, licence, ACCEPT_BY, ACCEPT_BY + 999)),
            tx(buyer, new Payload.PlaceOrder(listing, PRICE, licence, ACCEPT_BY, T0 + 100_001)),
            tx(AccountPrivateKey.generate(), placing(listing))));
    assertEquals(0, state.escrowTotal());
    assertEquals(10_000, balance(buyer));

    assertEquals(List.of("OK"), at(T0, tx(seller, new Payload.UpdateListing(listing, new ListingTerms("Traffic",
        "", List.of(), "mobility", "dataset", ListingRulesTest.terms(address(seller), "x").otpUris(), 900, "one-off",
        licence, List.of())))));
    assertTrue(at(T0, tx(buyer, placing(listing))).get(0).startsWith(named + " costs 900 now, not 500"),
        "an update's price holds from its block on");
    assertEquals(List.of("OK"), at(T0, tx(seller, new Payload.Delist(listing))));
    assertEquals(List.of(named + " was delisted at height " + state.height() + "; it takes no orders"),
        at(T0, tx(buyer, new Payload.PlaceOrder(listing, 900, licence, ACCEPT_BY, COMPLETE_BY))));
  }

  @Test
  void anOrderNotAcceptedByItsDeadlineIsRefundedByAnyone() throws Exception {
    Hash id = place(list());
    assertEquals(List.of("order " + id.toHex() + " may be accepted until " + ACCEPT_BY + " (acceptByMs), the block's"
        + " time is "
        + (ACCEPT_BY - 1) + "; nothing to settle before then"), at(ACCEPT_BY - 1, tx(stranger,
            new Payload.SettleOrder(id))));
    assertEquals(List.of("order " + id.toHex() + " had to be accepted before " + ACCEPT_BY + " (acceptByMs), the"
        + " block's"
        + " time is " + ACCEPT_BY + "; it is settled as expired, the buyer refunded", "OK"), at(ACCEPT_BY,
            tx(seller, new Payload.AcceptOrder(id)), tx(stranger, new Payload.SettleOrder(id))));
    assertEquals(State.EXPIRED, order(id).state());
    assertEquals(10_000, balance(buyer));
    assertEquals(1_000, balance(seller), "no deposit was taken");
    assertEquals(0, state.escrowTotal());
    String expired = "order " + id.toHex() + " is expired since height " + state.height();
    assertEquals(List.of(expired + "; nothing is left to settle",
        expired + "; only an order not yet accepted is cancelled"),
        at(ACCEPT_BY + 1, tx(stranger, new Payload.SettleOrder(id)), tx(buyer, new Payload.CancelOrder(id))));
    assertEquals(10_000, balance(buyer), "refunded once");
  }

  @Test
  void anAcceptedOrderNotConfirmedByItsDeadlineCompletesForTheSeller() throws Exception {
    Hash id = place(list());
    assertEquals(List.of("OK"), at(ACCEPT_BY - 1, tx(seller, new Payload.AcceptOrder(id))));
    assertEquals(List.of("order " + id.toHex() + " may be confirmed by its buyer until " + COMPLETE_BY
        + " (completeByMs),"
        + " the block's time is " + (COMPLETE_BY - 1) + "; nothing to settle before then"),
        at(COMPLETE_BY - 1, tx(stranger, new Payload.SettleOrder(id))));
    assertEquals(PRICE + DEPOSIT, state.escrowTotal());
    assertEquals(List.of("OK"), at(COMPLETE_BY, tx(stranger, new Payload.SettleOrder(id))));
    assertEquals(State.COMPLETED, order(id).state());
    assertEquals(1_000 + PRICE, balance(seller));
    assertEquals(10_000 - PRICE, balance(buyer));
    assertEquals(1_000, balance(stranger), "settling costs and earns nothing");
    assertEquals(0, state.escrowTotal());
    assertTrue(at(COMPLETE_BY + 1, tx(buyer, new Payload.ConfirmOrder(id))).get(0).endsWith(
        " is completed since height " + (state.height() - 1) + "; only an accepted order is confirmed"));
    assertEquals(1_000 + PRICE, balance(seller), "paid once");
  }

  @Test
  void theBuyerCancelsOnlyBeforeAcceptance() throws Exception {
    Hash listing = list();
    Hash first = place(listing);
    assertEquals(List.of("OK"), at(T0 + 2, tx(buyer, new Payload.CancelOrder(first))));
    assertEquals(State.CANCELLED, order(first).state());
    assertEquals(10_000, balance(buyer));
    assertEquals(0, state.escrowTotal());
    assertTrue(at(T0 + 3, tx(seller, new Payload.AcceptOrder(first))).get(0).endsWith(
        " is cancelled since height " + (state.height() - 1) + "; only a placed order is accepted"));

    Hash second = place(listing);
    assertEquals(List.of("OK", "order " + second.toHex() + " is accepted; only an order not yet accepted is cancelled"),
        at(T0 + 4, tx(seller, new Payload.AcceptOrder(second)), tx(buyer, new Payload.CancelOrder(second))));
    assertEquals(PRICE + DEPOSIT, state.escrowTotal());
  }

  @Test
  void eachPartyActsOnlyInItsOwnTurn() throws Exception {
    Hash id = place(list());
    String buyerOnly = "order " + id.toHex() + " has buyer " + address(buyer) + "; only its buyer may ";
    String sellerOnly = "order " + id.toHex() + " has seller " + address(seller) + "; only its seller may ";
    assertEquals(List.of(sellerOnly + "accept it", sellerOnly + "accept it", buyerOnly + "cancel it",
        buyerOnly + "cancel it", "order " + id.toHex() + " is placed; only an accepted order is confirmed"),
        at(T0 + 2, tx(buyer, new Payload.AcceptOrder(id)), tx(stranger, new Payload.AcceptOrder(id)),
            tx(stranger, new Payload.CancelOrder(id)), tx(seller, new Payload.CancelOrder(id)),
            tx(buyer, new Payload.ConfirmOrder(id))));
    assertEquals(List.of("OK"), at(T0 + 3, tx(seller, new Payload.AcceptOrder(id))));
    assertEquals(List.of(buyerOnly + "confirm it", buyerOnly + "confirm it",
        "order " + id.toHex() + " is accepted; only a placed order is accepted"),
        at(T0 + 4, tx(seller, new Payload.ConfirmOrder(id)), tx(stranger, new Payload.ConfirmOrder(id)),
            tx(seller, new Payload.AcceptOrder(id))));
    assertEquals(State.ACCEPTED, order(id).state());
    assertEquals(1_000 - DEPOSIT, balance(seller), "the seller's own confirmation paid it nothing");
    assertEquals(PRICE + DEPOSIT, state.escrowTotal());
    Hash unknown = Hash.keccak(new byte[] {9});
    assertEquals(List.of("no order " + unknown.toHex()), at(T0 + 5, tx(stranger, new Payload.SettleOrder(unknown))));
  }

  @Test
  void twoOrdersBeyondTheBuyersBalanceAndADepositBeyondTheSellersAreRefused() throws Exception {
    start(10, 700, 0);
    Hash listing = list();
    Transaction first = tx(buyer, placing(listing));
    Transaction second = tx(buyer, placing(listing));
    assertEquals(List.of("OK", "insufficient balance: the price 500 exceeds the buyer's balance 200"),
        at(T0 + 1, first, second));
    assertTrue(state.order(second.hash()).isEmpty());
    assertEquals(200, balance(buyer));
    assertEquals(PRICE, state.escrowTotal());
    assertEquals(List.of("insufficient balance: the seller's deposit 50 (10 % of the price) exceeds its balance 10"),
        at(T0 + 2, tx(seller, new Payload.AcceptOrder(first.hash()))));
    assertEquals(State.PLACED, order(first.hash()).state());
    assertEquals(10, balance(seller));
  }

  @Test
  void anOrderIsPaidOnce() throws Exception {
    Hash id = place(list());
    assertEquals(List.of("OK"), at(T0 + 2, tx(seller, new Payload.AcceptOrder(id))));
    long closing = state.height() + 1;
    assertEquals(List.of("OK", "order " + id.toHex() + " is confirmed since height " + closing
        + "; only an accepted order is confirmed", "order " + id.toHex() + " is confirmed since height " + closing
        + "; nothing is left to settle"), at(COMPLETE_BY, tx(buyer, new Payload.ConfirmOrder(id)),
            tx(buyer, new Payload.ConfirmOrder(id)), tx(stranger, new Payload.SettleOrder(id))));
    assertEquals(1_000 + PRICE, balance(seller), "paid once");
    assertEquals(0, state.escrowTotal());
  }

  @Test
  void everyUnitIsAccountedForInAnySequence() throws Exception {
    Hash listing = list();
    List<AccountPrivateKey> actors = List.of(seller, buyer, stranger);
    List<Hash> orders = new ArrayList<>();
    Random random = new Random(21);
    long now = T0 + 1;
    int closed = 0;
    for (int block = 0; block < 300; block++) {
      now += random.nextInt(3_000);
      List<Transaction> txs = new ArrayList<>();
      for (int i = random.nextInt(4); i >= 0; i--) {
        AccountPrivateKey who = actors.get(random.nextInt(actors.size()));
        Hash id = orders.isEmpty() ? Hash.ZERO : orders.get(random.nextInt(orders.size()));
        Payload payload = switch (random.nextInt(6)) {
          case 0 -> new Payload.PlaceOrder(listing, PRICE, Hash.keccak("licence".getBytes()), now + 1_000
              + random.nextInt(5_000), now + 7_000 + random.nextInt(5_000));
          case 1 -> new Payload.AcceptOrder(id);
          case 2 -> new Payload.ConfirmOrder(id);
          case 3 -> new Payload.SettleOrder(id);
          case 4 -> new Payload.CancelOrder(id);
          default -> new Payload.Transfer(address(actors.get(random.nextInt(actors.size()))), 1 + random.nextInt(400));
        };
        Transaction tx = tx(who, payload);
        txs.add(tx);
        if (payload instanceof Payload.PlaceOrder) {
          orders.add(tx.hash());
        }
      }
      at(now, txs.toArray(Transaction[]::new)); // asserts the total after every block
      long held = 0;
      for (Hash id : orders) {
        held += state.order(id).map(OrderRecord::escrowed).orElse(0L);
      }
      assertEquals(held, state.escrowTotal(), "the escrow total is what the open orders hold");
    }
    for (Hash id : orders) {
      closed += state.order(id).map(o -> o.state().open() ? 0 : 1).orElse(0);
    }
    assertTrue(closed > 10, "the sequence closed orders every way: " + closed);
    now += 2 * RULES.maxWindowMs();
    List<Transaction> settles = new ArrayList<>();
    for (Hash id : orders) {
      if (state.order(id).map(o -> o.state().open()).orElse(false)) {
        settles.add(tx(stranger, new Payload.SettleOrder(id)));
      }
    }
    at(now, settles.toArray(Transaction[]::new));
    assertEquals(0, state.escrowTotal(), "after the last deadline anyone empties the escrow: nothing is stuck");
  }

  @Test
  void ordersAreInTheStateRoot() throws Exception {
    Hash listing = list();
    ChainState fork = state.copy();
    long nonce = nonces.getOrDefault(address(buyer), 0L);
    place(listing);
    Hash oneOrder = state.stateRoot();
    state = fork;
    nonces.put(address(buyer), nonce);
    Transaction later = tx(buyer, new Payload.PlaceOrder(listing, PRICE, Hash.keccak("licence".getBytes()),
        ACCEPT_BY + 1, COMPLETE_BY));
    assertEquals(List.of("OK"), at(T0 + 1, later));
    assertNotEquals(oneOrder, state.stateRoot(), "the same balances and nonces, another order's deadline");
  }
}
