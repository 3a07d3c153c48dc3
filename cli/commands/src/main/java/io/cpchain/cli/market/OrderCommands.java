package io.cpchain.cli.market;

import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.Views;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code market order|accept|confirm|cancel|settle|status}: orders with escrow on the chain, each
 * transaction signed by the party it belongs to and awaited until final.
 */
final class OrderCommands {

  private OrderCommands() {}

  @Command(name = "order", description = "Order a listing, signed by the buyer: its price leaves the buyer's balance"
      + " into escrow until the seller accepts (or the buyer cancels, or acceptBy passes: refund). Prints the order"
      + " id (the transaction's hash).")
  static final class Order extends MarketCommands.Signed implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LISTING-ID", description = "0x…, the hash of the listing's transaction")
    String listing;

    @Option(names = "--price", description = "the price agreed to (default: the listing's price now; the chain"
        + " refuses the order if it changed)")
    Long price;

    @Option(names = "--licence", paramLabel = "FILE", description = "the licence text agreed to (default: the"
        + " listing's licence hash as it is now)")
    Path licence;

    @Option(names = "--accept-within", paramLabel = "DURATION", defaultValue = "PT1H",
        description = "how long the seller may take to accept, ISO-8601 (default: ${DEFAULT-VALUE})")
    Duration acceptWithin;

    @Option(names = "--complete-within", paramLabel = "DURATION", defaultValue = "P1D",
        description = "when an accepted order completes at the latest, from now (default: ${DEFAULT-VALUE})")
    Duration completeWithin;

    @Override
    public Integer call() throws Exception {
      Hash id = MarketCommands.listingId(listing);
      Views.ListingInfo terms = chain.client().listing(id).orElseThrow(() -> new IllegalStateException(
          "no listing " + id.toHex() + " on the chain"));
      Hash licenceHash = licence != null ? Hash.keccak(Files.readAllBytes(licence))
          : Hash.fromHex(terms.licenceHash());
      long now = System.currentTimeMillis();
      Payload.PlaceOrder order = new Payload.PlaceOrder(id, price != null ? price : terms.price(), licenceHash,
          now + acceptWithin.toMillis(), now + completeWithin.toMillis());
      Views.ReceiptInfo receipt = submit(order);
      spec.commandLine().getOut().println("ordered " + receipt.txHash() + " in block " + receipt.height() + ": "
          + order.price() + " in escrow; the seller may accept until " + Instant.ofEpochMilli(order.acceptByMs()));
      return 0;
    }
  }

  /** An order transaction that names only the order; it prints what the order became. */
  abstract static class Step extends MarketCommands.Signed implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ORDER-ID", description = "0x…, the hash of the order's transaction")
    String order;

    abstract Payload payload(Hash id);

    abstract String done(Views.OrderInfo order);

    @Override
    public Integer call() throws Exception {
      Hash id = orderId(order);
      Views.ReceiptInfo receipt = submit(payload(id));
      Views.OrderInfo after = chain.client().order(id).orElseThrow();
      spec.commandLine().getOut().println(after.state() + " " + id.toHex() + " in block " + receipt.height() + ": "
          + done(after));
      return 0;
    }
  }

  @Command(name = "accept", description = "Accept an order, signed by the seller, before its acceptBy deadline: the"
      + " seller's deposit (a fixed share of the price, a chain rule) joins the price in escrow.")
  static final class Accept extends Step {
    Payload payload(Hash id) {
      return new Payload.AcceptOrder(id);
    }

    String done(Views.OrderInfo o) {
      return "deposit " + o.deposit() + " in escrow with the price " + o.price() + "; the buyer may confirm until "
          + Instant.ofEpochMilli(o.completeByMs());
    }
  }

  @Command(name = "confirm", description = "Confirm an accepted order, signed by the buyer: the seller is paid the"
      + " price and its deposit returned.")
  static final class Confirm extends Step {
    Payload payload(Hash id) {
      return new Payload.ConfirmOrder(id);
    }

    String done(Views.OrderInfo o) {
      return "the seller paid " + o.price() + ", its deposit " + o.deposit() + " returned";
    }
  }

  @Command(name = "cancel", description = "Cancel an order the seller has not accepted, signed by the buyer: the price"
      + " is refunded.")
  static final class Cancel extends Step {
    Payload payload(Hash id) {
      return new Payload.CancelOrder(id);
    }

    String done(Views.OrderInfo o) {
      return o.price() + " refunded to the buyer";
    }
  }

  @Command(name = "settle", description = "Close an order whose deadline passed, signed by anyone: not accepted by"
      + " acceptBy, the buyer is refunded; accepted and not confirmed by completeBy, the seller is paid.")
  static final class Settle extends Step {
    Payload payload(Hash id) {
      return new Payload.SettleOrder(id);
    }

    String done(Views.OrderInfo o) {
      return o.state().equals("expired") ? "not accepted in time, " + o.price() + " refunded to the buyer"
          : "not confirmed in time, the seller paid " + o.price() + ", its deposit " + o.deposit() + " returned";
    }
  }

  @Command(name = "status", description = "Show an order: its state, parties, amounts, deadlines, and what happens"
      + " next and when.")
  static final class Status implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ORDER-ID", description = "0x…, the hash of the order's transaction")
    String order;

    @Override
    public Integer call() {
      Hash id = orderId(order);
      Views.OrderInfo o = chain.client().order(id).orElseThrow(() -> new IllegalStateException("no order "
          + id.toHex() + " on the chain"));
      PrintWriter out = spec.commandLine().getOut();
      out.println("order " + o.id() + ": " + o.state());
      out.println("  listing " + o.listingId());
      out.println("  buyer " + o.buyer() + ", seller " + o.seller());
      out.println("  price " + o.price() + ", seller deposit " + o.deposit() + ", in escrow now " + o.escrowed());
      out.println("  accept by " + Instant.ofEpochMilli(o.acceptByMs()) + ", complete by "
          + Instant.ofEpochMilli(o.completeByMs()));
      out.println("  placed in block " + o.placedHeight() + (o.acceptedHeight() > 0 ? ", accepted in block "
          + o.acceptedHeight() : "") + (o.closedHeight() > 0 ? ", closed in block " + o.closedHeight() : ""));
      out.println("  next: " + next(o));
      return 0;
    }
  }

  /** What the order's state lets happen, by whom, until when, and what settles it after that. */
  static String next(Views.OrderInfo o) {
    return switch (o.state()) {
      case "placed" -> "the seller may accept until " + Instant.ofEpochMilli(o.acceptByMs()) + ", the buyer may"
          + " cancel until then; from then on anyone may settle it and the buyer is refunded " + o.price();
      case "accepted" -> "the buyer may confirm until " + Instant.ofEpochMilli(o.completeByMs()) + "; from then on"
          + " anyone may settle it: the seller is paid " + o.price() + " and its deposit " + o.deposit()
          + " returned";
      default -> "nothing: the order is closed and holds nothing in escrow";
    };
  }

  static Hash orderId(String text) {
    try {
      return Hash.fromHex(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("an order id is 0x and 64 hex digits, not " + text);
    }
  }
}
