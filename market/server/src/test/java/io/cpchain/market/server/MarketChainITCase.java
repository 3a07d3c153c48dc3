package io.cpchain.market.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.market.index.MalformedQueryException;
import io.cpchain.market.index.SearchRequest;
import io.cpchain.market.index.SearchResult;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Market servers on a real four-node chain: sellers list, a stranger's takeover and resale are
 * refused by the chain and so by every server; two servers following different nodes answer the
 * same queries identically; after an update and a delisting, a third server started later
 * rebuilds the same index from the chain alone.
 */
class MarketChainITCase {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<SearchRequest> QUERIES = List.of(SearchRequest.of("traffic speeds"),
      SearchRequest.of("shenzen trafic"), SearchRequest.of("\"battery health\""), SearchRequest.of(""),
      SearchRequest.of("").tagged(List.of("traffic")), SearchRequest.of("data").page(1, 2),
      SearchRequest.of("").priced(100L, 999L).in("mobility", null));

  /** What two servers at different heights but with the same listings must agree on. */
  record Answer(long total, List<SearchResult.Hit> hits, Object facets) {
    static Answer of(SearchResult r) {
      return new Answer(r.total(), r.hits(), r.facets());
    }
  }

  static ListingTerms terms(Address seller, String name, String title, String description, List<String> tags,
      long price) {
    String owner = "otp://" + seller.toHex();
    return new ListingTerms(title, description, tags, "mobility", "dataset", List.of(owner + "/datasets/" + name),
        price, "one-off", Hash.keccak(("licence of " + name).getBytes()), List.of(owner + "/datasets/" + name
            + "-sample"));
  }

  static Views.ReceiptInfo send(ChainClient client, AccountPrivateKey key, Payload payload) throws Exception {
    Transaction tx = Transaction.sign(key, client.status().chainId(), client.account(key.publicKey().address())
        .nonce(), payload);
    return client.awaitReceipt(client.submit(tx), WAIT);
  }

  static List<Answer> answers(MarketClient market) {
    List<Answer> out = new ArrayList<>();
    QUERIES.forEach(q -> out.add(Answer.of(market.search(q))));
    return out;
  }

  static MarketServer market(TestChain chain, int node) throws Exception {
    return new MarketServer(chain.client(node), chain.validators(), new InetSocketAddress("127.0.0.1", 0),
        Duration.ofMillis(100)).start();
  }

  static MarketClient client(MarketServer server) {
    return new MarketClient(URI.create("http://127.0.0.1:" + server.port()), Duration.ofSeconds(10));
  }

  @Test
  void serversFollowingTheSameChainAnswerAlikeAndALateOneRebuildsTheSameIndex(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir.resolve("chain"), 2)) {
      char[] password = PasswordFile.read(chain.password());
      AccountPrivateKey seller = KeyStore.loadAccountFile(chain.clientKey(1), password);
      AccountPrivateKey stranger = KeyStore.loadAccountFile(chain.clientKey(2), password);
      Address sellerAddress = seller.publicKey().address();
      ChainClient node = chain.client(1);

      Views.ReceiptInfo traffic = send(node, seller, new Payload.ListData(terms(sellerAddress, "traffic",
          "Shenzhen traffic speeds", "Speeds per road segment every minute, from 40 vehicles.",
          List.of("traffic", "speed"), 500)));
      Views.ReceiptInfo battery = send(node, seller, new Payload.ListData(terms(sellerAddress, "battery",
          "Battery health data", "State of charge and cell temperatures of an electric fleet.",
          List.of("battery", "ev"), 2_000)));
      Views.ReceiptInfo parking = send(node, seller, new Payload.ListData(terms(sellerAddress, "parking",
          "Parking occupancy data", "Free bays near the traffic hubs, every five minutes.", List.of("parking"),
          150)));
      Views.ReceiptInfo resold = send(node, stranger, new Payload.ListData(terms(sellerAddress, "traffic",
          "Cheap traffic speeds", "The same, cheaper.", List.of("traffic"), 1)));
      Views.ReceiptInfo hijack = send(node, stranger, new Payload.UpdateListing(Hash.fromHex(traffic.txHash()),
          terms(stranger.publicKey().address(), "x", "Hijacked", "", List.of(), 1)));
      assertEquals(List.of("OK", "OK", "OK", "FAILED", "FAILED"), List.of(traffic.status(), battery.status(),
          parking.status(), resold.status(), hijack.status()));
      assertTrue(resold.reason().contains("lists only names under its own address"), resold.reason());
      assertTrue(hijack.reason().contains("only its seller may update it"), hijack.reason());

      try (MarketServer a = market(chain, 1); MarketServer b = market(chain, 3)) {
        long listed = hijack.height();
        assertTrue(a.awaitHeight(listed, WAIT) && b.awaitHeight(listed, WAIT), "both servers reach the listings");
        MarketClient atA = client(a);
        MarketClient atB = client(b);
        SearchResult first = atA.search(SearchRequest.of("traffic speeds"));
        assertEquals(traffic.txHash(), first.hits().get(0).id(), "the listing id is its transaction's hash");
        assertEquals("Shenzhen <mark>traffic speeds</mark>", first.hits().get(0).highlights()
            .get("title"), "the phrase marked as one");
        assertEquals(3, atA.search(SearchRequest.of("")).total(), "the stranger's resale is not listed");
        assertEquals(node.listing(Hash.fromHex(traffic.txHash())).orElseThrow(), first.hits().get(0).listing(),
            "the server shows the listing as the chain holds it");
        assertEquals(answers(atA), answers(atB), "two servers following two nodes answer alike");

        Views.ReceiptInfo updated = send(node, seller, new Payload.UpdateListing(Hash.fromHex(parking.txHash()),
            terms(sellerAddress, "parking", "Parking bays in Shenzhen", "Occupancy of 300 bays.", List.of("parking",
                "traffic"), 120)));
        Views.ReceiptInfo delisted = send(node, seller, new Payload.Delist(Hash.fromHex(battery.txHash())));
        assertEquals(List.of("OK", "OK"), List.of(updated.status(), delisted.status()));
        long changed = delisted.height();
        assertTrue(a.awaitHeight(changed, WAIT) && b.awaitHeight(changed, WAIT));
        assertEquals(List.of(), atA.search(SearchRequest.of("\"battery health\"")).hits(), "delisted");
        assertEquals(changed, node.listing(Hash.fromHex(battery.txHash())).orElseThrow().delistedHeight());
        assertEquals("Parking bays in Shenzhen", atA.search(SearchRequest.of("bays")).hits().get(0).listing()
            .title());

        try (MarketServer late = market(chain, 2)) {
          assertTrue(late.awaitHeight(changed, WAIT), "the late server catches up from block 1");
          List<Answer> expected = answers(atA);
          assertEquals(expected, answers(atB));
          assertEquals(expected, answers(client(late)), "a server started later rebuilds the same index");
          assertEquals(2, expected.get(3).total());
        }
        MalformedQueryException malformed = assertThrows(MalformedQueryException.class,
            () -> atA.search(SearchRequest.of("traffic AND (")));
        assertTrue(malformed.getMessage().startsWith("malformed query 'traffic AND ('"), malformed.getMessage());
        assertEquals(null, a.status().lastRefusal(), "every block verified");
      }
    }
  }
}
