package io.cpchain.cli.demo;

import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.OrderRecord;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.market.index.SearchRequest;
import io.cpchain.market.index.SearchResult;
import io.cpchain.market.server.MarketClient;
import io.cpchain.market.server.MarketServer;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's market stage (PDash): three vehicles' owners list their vehicles' intervals on the chain, each
 * described as a seller would; two Market servers, each following a different chain node and checking every
 * block's certificate, index them; a buyer's question in plain words finds the listing it describes first, and
 * both servers answer it alike. The buyer orders it (the price in escrow on the chain), the seller accepts (its
 * deposit in escrow), the buyer confirms: the seller is paid, the deposit returned, nothing left in escrow.
 */
final class MarketStage implements DemoStage {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String LICENCE = "CPChain demo data licence: analysis only, no resale, no re-identification.";

  /** What a seller says of a vehicle's data; the buyer's question is written for the second one. */
  private record Offer(String title, String description, List<String> tags, String category, long price) {}

  private static final List<Offer> OFFERS = List.of(
      new Offer("City bus: passengers boarding and dwell time at each stop",
          "Door counts and dwell times of a city bus on its daily line, for planning timetables and stops.",
          List.of("bus", "public-transport"), "transport", 400),
      new Offer("Refrigerated delivery van: cargo temperature on harbour routes",
          "The temperature of the refrigerated cargo hold, sampled every second, with position and speed, on the"
              + " van's rounds between the harbour and the city markets. For cold-chain audits.",
          List.of("cold-chain", "logistics"), "logistics", 900),
      new Offer("Taxi: speed, harsh braking and night driving",
          "Speed, acceleration and harsh braking of a taxi through day and night shifts, for insurers and"
              + " road-safety studies.",
          List.of("taxi", "driving-behaviour"), "insurance", 700));
  private static final int WANTED = 1;
  private static final String QUESTION = "temperature of refrigerated cargo near the harbor";
  /**
   * Genesis-funded client accounts of the local chain that nothing else in the stack uses (1 anchors, 8 funds
   * the proxies): the buyer, and what funds the sellers' deposits (the fleet's owners start with nothing).
   */
  private static final int BUYER = 7;
  private static final int SELLERS_FUNDER = 6;
  private static final Duration ACCEPT_WITHIN = Duration.ofMinutes(10);
  private static final Duration COMPLETE_WITHIN = Duration.ofHours(1);

  /** The stage's figures; {@link #json()} holds the keys the demo's --json adds. */
  public record Result(int listings, boolean firstHitOk, boolean serversAgree, int ordersCompleted,
      boolean escrowBalanced, String detail) implements DemoStage.Result {

    @Override
    public boolean ok() {
      return listings == OFFERS.size() && firstHitOk && serversAgree && ordersCompleted == 1 && escrowBalanced;
    }

    /** Listings submitted in, listings both servers return out. */
    @Override
    public Balance balance() {
      return Balance.of("listings", OFFERS.size(), listings, 0, true);
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("market_listings", listings);
      json.put("market_search_first_hit_ok", firstHitOk);
      json.put("market_servers_agree", serversAgree);
      json.put("orders_completed", ordersCompleted);
      json.put("escrow_balanced", escrowBalanced);
      return json;
    }

    void print(PrintStream out) {
      out.println("== market (listings on the chain, two Market servers, natural-language search)");
      out.println(detail);
    }
  }

  private final DemoRun run;

  MarketStage(DemoRun run) {
    this.run = run;
  }

  @Override
  public String name() {
    return "market";
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    ChainLayout chain = ChainLayout.open(run.stack().chain().dir());
    Result result = trade(run.config(), run.fleet(), run.settings().devices(), chain.client(BUYER),
        chain.client(SELLERS_FUNDER));
    result.print(out);
    return result;
  }

  private static Result trade(StackConfig stack, Fleet fleet, int vehicles, AccountPrivateKey buyer,
      AccountPrivateKey sellersFunder) throws Exception {
    ValidatorSet validators = GenesisFile.read(stack.workDir().resolve("chain/genesis.yaml")).validatorSet();
    ChainClient chain = new ChainClient(stack.chainApi(1));
    List<String> sellersDevices = distinctOwnersDevices(fleet, vehicles, OFFERS.size());
    long now = System.currentTimeMillis();
    List<String> ids = new ArrayList<>();
    List<AccountPrivateKey> sellers = new ArrayList<>();
    long height = 0;
    long firstHeight = Long.MAX_VALUE;
    StringBuilder detail = new StringBuilder();
    for (int i = 0; i < OFFERS.size(); i++) {
      String device = sellersDevices.get(i);
      AccountPrivateKey seller = fleet.owners().accountKey(fleet.ownerOf(device).orElseThrow());
      sellers.add(seller);
      Offer offer = OFFERS.get(i);
      String uri = "otp://" + seller.publicKey().address().toHex() + "/devices/" + device + "/intervals?from="
          + (now - Duration.ofDays(1).toMillis()) + "&to=" + now;
      ListingTerms terms = new ListingTerms(offer.title(), offer.description(), offer.tags(), offer.category(),
          "intervals", List.of(uri), offer.price(), "one-off", Hash.keccak(LICENCE.getBytes(StandardCharsets.UTF_8)),
          List.of());
      Views.ReceiptInfo receipt = submit(chain, seller, new Payload.ListData(terms));
      ids.add(receipt.txHash());
      height = Math.max(height, receipt.height());
      firstHeight = Math.min(firstHeight, receipt.height());
      detail.append(String.format("listed:        %s by %s (%s), listing %s, final in block %d%n", offer.title(),
          seller.publicKey().address().toHex(), device, receipt.txHash().substring(0, 18), receipt.height()));
    }

    // Each server follows its own node and trusts only certified blocks: they agree because the chain does.
    try (MarketServer first = new MarketServer(chain, validators, new InetSocketAddress("127.0.0.1", 0),
            Duration.ofMillis(200)).start();
        MarketServer second = new MarketServer(new ChainClient(stack.chainApi(2)), validators,
            new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(200)).start()) {
      if (!first.awaitHeight(height, WAIT) || !second.awaitHeight(height, WAIT)) {
        return new Result(0, false, false, 0, false, "the Market servers did not reach block " + height + " in "
            + WAIT.toSeconds() + " s");
      }
      // This run's listings only: a work dir used before holds earlier runs' listings of the same offers.
      SearchRequest question = SearchRequest.of(QUESTION).since(firstHeight, null);
      SearchResult a = client(first).search(question);
      SearchResult b = client(second).search(question);
      SearchRequest everything = SearchRequest.of("").since(firstHeight, null).page(0, SearchRequest.MAX_LIMIT);
      List<String> onFirst = client(first).search(everything).hits().stream().map(SearchResult.Hit::id).toList();
      List<String> onSecond = client(second).search(everything).hits().stream().map(SearchResult.Hit::id).toList();
      int found = (int) ids.stream().filter(id -> onFirst.contains(id) && onSecond.contains(id)).count();
      boolean firstHitOk = !a.hits().isEmpty() && a.hits().get(0).id().equals(ids.get(WANTED));
      boolean agree = sameAnswer(a, b);
      detail.append(String.format("question:      \"%s\": %d %s, first %s%s%n", QUESTION, a.total(),
          a.total() == 1 ? "hit" : "hits",
          a.hits().isEmpty() ? "none" : "\"" + a.hits().get(0).listing().title() + "\"",
          firstHitOk ? " (the listing it describes)" : " (NOT the listing it describes: " + OFFERS.get(WANTED).title()
              + ")"));
      a.hits().stream().findFirst().map(hit -> hit.highlights().get("description")).ifPresent(passage ->
          detail.append("highlight:     ").append(passage).append('\n'));
      detail.append(String.format("servers:       two Market servers (following nodes 1 and 2) %s, at heights %d"
          + " and %d%n", agree ? "answer alike" : "answer DIFFERENTLY", a.height(), b.height()));
      detail.append(String.format("listings:      %d of %d found by both%n", found, OFFERS.size()));
      if (!firstHitOk) {
        return new Result(found, false, agree, 0, false, detail.append("order:         none (nothing to buy)").toString());
      }
      Order order = buy(chain, buyer, sellers.get(WANTED), sellersFunder, a.hits().get(0).listing());
      detail.append(order.detail());
      return new Result(found, true, agree, order.completed() ? 1 : 0, order.balanced(), detail.toString());
    }
  }

  private record Order(boolean completed, boolean balanced, String detail) {}

  /**
   * The buyer orders the listing the search found, the seller accepts, the buyer confirms; every unit is
   * accounted for: the buyer paid the price, the seller got it and its deposit back, the order holds nothing.
   */
  private static Order buy(ChainClient chain, AccountPrivateKey buyer, AccountPrivateKey seller,
      AccountPrivateKey sellersFunder, Views.ListingInfo listing) throws InterruptedException {
    if (chain.account(seller.publicKey().address()).balance() < listing.price()) {
      submit(chain, sellersFunder, new Payload.Transfer(seller.publicKey().address(), listing.price()));
    }
    long buyerBefore = chain.account(buyer.publicKey().address()).balance();
    long sellerBefore = chain.account(seller.publicKey().address()).balance();
    long now = System.currentTimeMillis();
    Views.ReceiptInfo placed = submit(chain, buyer, new Payload.PlaceOrder(Hash.fromHex(listing.id()), listing.price(),
        Hash.fromHex(listing.licenceHash()), now + ACCEPT_WITHIN.toMillis(), now + COMPLETE_WITHIN.toMillis()));
    Hash orderId = Hash.fromHex(placed.txHash());
    long escrowedPlaced = chain.order(orderId).orElseThrow().escrowed();
    submit(chain, seller, new Payload.AcceptOrder(orderId));
    Views.OrderInfo accepted = chain.order(orderId).orElseThrow();
    submit(chain, buyer, new Payload.ConfirmOrder(orderId));
    Views.OrderInfo closed = chain.order(orderId).orElseThrow();
    long buyerPaid = buyerBefore - chain.account(buyer.publicKey().address()).balance();
    long sellerGot = chain.account(seller.publicKey().address()).balance() - sellerBefore;
    boolean completed = closed.state().equals(OrderRecord.State.CONFIRMED.label());
    boolean balanced = buyerPaid == listing.price() && sellerGot == listing.price() && closed.escrowed() == 0
        && escrowedPlaced == listing.price() && accepted.escrowed() == listing.price() + accepted.deposit();
    String detail = String.format("order:         %s: placed (%d in escrow), accepted (seller's deposit %d: %d in"
        + " escrow), %s; the buyer paid %d, the seller got %d, %d left in escrow: %s", placed.txHash().substring(0, 18),
        escrowedPlaced, accepted.deposit(), accepted.escrowed(), closed.state(), buyerPaid, sellerGot, closed.escrowed(),
        balanced ? "every unit accounted for" : "NOT BALANCED");
    return new Order(completed, balanced, detail);
  }

  /** The same listings in the same order with the same facets: what a buyer would see on either. */
  private static boolean sameAnswer(SearchResult a, SearchResult b) {
    return a.total() == b.total() && a.hits().stream().map(SearchResult.Hit::id).toList()
        .equals(b.hits().stream().map(SearchResult.Hit::id).toList()) && a.facets().equals(b.facets());
  }

  private static MarketClient client(MarketServer server) {
    return new MarketClient(URI.create("http://127.0.0.1:" + server.port() + "/"), Duration.ofSeconds(10));
  }

  /** The first vehicles of the fleet whose owners differ, one per seller. */
  private static List<String> distinctOwnersDevices(Fleet fleet, int vehicles, int count) {
    List<String> devices = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (Map.Entry<String, String> device : fleet.ownerOfDevice(vehicles).entrySet()) {
      if (!owners.contains(device.getValue())) {
        owners.add(device.getValue());
        devices.add(device.getKey());
        if (devices.size() == count) {
          return devices;
        }
      }
    }
    throw new IllegalStateException("the fleet has fewer than " + count + " owners");
  }

  private static Views.ReceiptInfo submit(ChainClient chain, AccountPrivateKey sender, Payload payload)
      throws InterruptedException {
    return chain.submitAndAwait(sender, payload, WAIT);
  }
}
