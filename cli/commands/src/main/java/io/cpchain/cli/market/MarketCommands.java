package io.cpchain.cli.market;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.ChainRefusedException;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.Daemon;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.market.index.SearchRequest;
import io.cpchain.market.index.SearchResult;
import io.cpchain.market.server.MarketClient;
import io.cpchain.market.server.MarketServer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code market serve|list|update|delist|search}: PDash listings on the chain and the Market servers
 * that search them; {@code order|accept|confirm|cancel|settle|status}: orders with escrow
 * ({@link OrderCommands}).
 */
@Command(name = "market", description = "The data market: list, update and delist data on the chain (signed by the"
    + " seller's account), run a Market server that follows the chain into its own search index, search it; order"
    + " with the price in escrow, accept, confirm, cancel, settle after a deadline, show an order.",
    subcommands = {MarketCommands.Serve.class, MarketCommands.ListData.class, MarketCommands.Update.class,
        MarketCommands.Delist.class, MarketCommands.Search.class, OrderCommands.Order.class,
        OrderCommands.Accept.class, OrderCommands.Confirm.class, OrderCommands.Cancel.class,
        OrderCommands.Settle.class, OrderCommands.Status.class})
public final class MarketCommands implements Runnable {

  static final int DEFAULT_PORT = 7501;
  static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(name = "serve", description = "Run a Market server in the foreground: it follows the chain node's final"
      + " blocks from block 1, each certified by the genesis validators, into its own Lucene index, and serves"
      + " GET /v1/search and /v1/status; until Ctrl-C or SIGTERM.")
  static final class Serve implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin StackOptions stack;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:" + DEFAULT_PORT,
        description = "where to serve (default: ${DEFAULT-VALUE})")
    String listen;

    @Override
    public Integer call() throws Exception {
      ValidatorSet validators = chain.validators(stack.config().workDir());
      if (validators == null) {
        throw new IllegalArgumentException("a Market server checks every block against the genesis validators: give"
            + " --genesis, or run the local chain");
      }
      int colon = listen.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("--listen is HOST:PORT, not " + listen);
      }
      ChainClient node = chain.client();
      MarketServer server = new MarketServer(node, validators, new InetSocketAddress(listen.substring(0, colon),
          Integer.parseInt(listen.substring(colon + 1))), Duration.ofMillis(500)).start();
      spec.commandLine().getOut().println("market server on http://" + listen + ", following " + node.base()
          + " (certificates checked against " + validators.size() + " genesis validators)");
      spec.commandLine().getOut().flush();
      Daemon.runUntilStopped(server);
      return 0;
    }
  }

  /** The signing party's key (the seller's, or for an order the buyer's), and the chain to submit to. */
  static class Signed {
    @Mixin ChainOptions chain;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the signing account's key file (the"
        + " seller's; the buyer's to order, confirm or cancel; anyone's to settle)")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
    Path passwordFile;

    /** Signs {@code payload} with the key, submits it, waits for its final receipt; a refusal throws why. */
    Views.ReceiptInfo submit(Payload payload) throws Exception {
      AccountPrivateKey signer = KeyStore.loadAccountFile(key, KeysCommand.password(passwordFile));
      try {
        return chain.client().submitAndAwait(signer, payload, WAIT);
      } catch (ChainRefusedException e) {
        throw new IllegalStateException("refused by the chain: " + e.receipt().reason(), e);
      }
    }
  }

  /** What a seller says of its data: the fields of a listing. */
  static class Terms extends Signed {
    @Option(names = "--title", required = true, description = "at most " + ListingTerms.MAX_TITLE + " bytes")
    String title;

    @Option(names = "--description", defaultValue = "", description = "at most " + ListingTerms.MAX_DESCRIPTION
        + " bytes")
    String description;

    @Option(names = "--tag", paramLabel = "WORD", description = "a tag (repeatable, at most " + ListingTerms.MAX_TAGS
        + "): a-z 0-9 -")
    List<String> tags = new ArrayList<>();

    @Option(names = "--category", required = true, paramLabel = "WORD", description = "one category: a-z 0-9 -")
    String category;

    @Option(names = "--kind", required = true, paramLabel = "KIND",
        description = "what is sold: intervals, live, dataset or aggregate")
    String kind;

    @Option(names = "--otp-uri", required = true, paramLabel = "otp://SELLER/PATH",
        description = "an otp:// name sold, under the seller's own address, of the listing's kind (repeatable)")
    List<String> uris;

    @Option(names = "--price", required = true, description = "in the chain's currency units")
    long price;

    @Option(names = "--pricing", defaultValue = "one-off", paramLabel = "MODEL",
        description = "one-off, per-interval or subscription-per-day (default: ${DEFAULT-VALUE})")
    String pricing;

    @Option(names = "--licence", required = true, paramLabel = "FILE",
        description = "the licence text; the listing carries its Keccak-256")
    Path licence;

    @Option(names = "--sample", paramLabel = "otp://SELLER/PATH",
        description = "an otp:// name anyone may open before buying (repeatable)")
    List<String> samples = new ArrayList<>();

    ListingTerms terms() throws Exception {
      ListingTerms terms = new ListingTerms(title, description, tags, category, kind, uris, price, pricing,
          Hash.keccak(Files.readAllBytes(licence)), samples);
      try {
        terms.check();
      } catch (CodecException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      return terms;
    }
  }

  @Command(name = "list", description = "List data on the market, signed by the seller; prints the listing id (the"
      + " transaction's hash).")
  static final class ListData extends Terms implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Views.ReceiptInfo receipt = submit(new Payload.ListData(terms()));
      spec.commandLine().getOut().println("listed " + receipt.txHash() + " in block " + receipt.height());
      return 0;
    }
  }

  @Command(name = "update", description = "Replace the terms of one of the seller's listings; its id stays.")
  static final class Update extends Terms implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LISTING-ID", description = "0x…, the hash of the listing's transaction")
    String id;

    @Override
    public Integer call() throws Exception {
      Views.ReceiptInfo receipt = submit(new Payload.UpdateListing(listingId(id), terms()));
      spec.commandLine().getOut().println("updated " + id + " in block " + receipt.height());
      return 0;
    }
  }

  @Command(name = "delist", description = "Take one of the seller's listings off the market, for good.")
  static final class Delist extends Signed implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LISTING-ID", description = "0x…, the hash of the listing's transaction")
    String id;

    @Override
    public Integer call() throws Exception {
      Views.ReceiptInfo receipt = submit(new Payload.Delist(listingId(id)));
      spec.commandLine().getOut().println("delisted " + id + " in block " + receipt.height());
      return 0;
    }
  }

  static Hash listingId(String text) {
    try {
      return Hash.fromHex(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a listing id is 0x and 64 hex digits, not " + text);
    }
  }

  @Command(name = "search", description = "Search a Market server in natural language (or Lucene's classic"
      + " syntax); prints the hits with their highlights, then the facets.")
  static final class Search implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORDS", description = "the query (none: every listing, newest first)")
    List<String> words = new ArrayList<>();

    @Option(names = "--market", paramLabel = "URL", defaultValue = "http://127.0.0.1:" + DEFAULT_PORT,
        description = "the Market server (default: ${DEFAULT-VALUE})")
    URI market;

    @Option(names = "--tag", paramLabel = "WORD", description = "only listings with this tag (repeatable)")
    List<String> tags = new ArrayList<>();

    @Option(names = "--category") String category;
    @Option(names = "--kind", description = "intervals, live, dataset or aggregate") String kind;
    @Option(names = "--min-price") Long minPrice;
    @Option(names = "--max-price") Long maxPrice;
    @Option(names = "--since-height", description = "only listings updated at this block height or later")
    Long sinceHeight;
    @Option(names = "--seller", paramLabel = "0xADDRESS") String seller;
    @Option(names = "--offset", defaultValue = "0") int offset;
    @Option(names = "--limit", defaultValue = "" + SearchRequest.DEFAULT_LIMIT) int limit;

    @Override
    public Integer call() {
      SearchRequest request = new SearchRequest(String.join(" ", words), tags, category, kind, minPrice, maxPrice,
          sinceHeight, null, seller, offset, limit);
      SearchResult result;
      try {
        result = new MarketClient(market, Duration.ofSeconds(10)).search(request);
      } catch (UncheckedIOException e) {
        throw new IllegalStateException("cannot search: " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(result.total() + " listings match (index at block " + result.height() + ")");
      int rank = offset;
      for (SearchResult.Hit hit : result.hits()) {
        Views.ListingInfo l = hit.listing();
        out.printf("%d. %s  [%s, %s, %d %s]  score %.3f%n   id %s  seller %s%n", ++rank, l.title(), l.category(),
            l.dataKind(), l.price(), l.pricingModel(), hit.score(), l.id(), l.seller());
        hit.highlights().forEach((field, passage) -> out.println("   " + field + ": " + passage));
      }
      result.facets().forEach((dim, counts) -> out.println(dim + ": " + String.join(", ", counts.stream()
          .map(c -> c.value() + " " + c.count()).toList())));
      return 0;
    }
  }
}
