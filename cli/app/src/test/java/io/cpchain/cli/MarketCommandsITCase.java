package io.cpchain.cli;

import static io.cpchain.cli.OtpCommandsITCase.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.OtpCommandsITCase.Result;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.Address;
import io.cpchain.market.server.MarketServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpchain market list|update|delist|search} against a real four-node chain and a Market
 * server following it: a listing is found with a typo, updated, delisted; a malformed listing, a
 * stranger's name and a malformed query are one line each. {@code market order|accept|confirm|
 * settle|status} on a chain with short order windows: an order accepted and confirmed pays the
 * seller, one left unaccepted is settled by a third party after its deadline and refunded.
 */
class MarketCommandsITCase {

  private static final Pattern LISTED = Pattern.compile("listed (0x[0-9a-f]{64}) in block (\\d+)\n");
  private static final Pattern ORDERED = Pattern.compile("ordered (0x[0-9a-f]{64}) in block \\d+: 500 in escrow;"
      + " the seller may accept until (\\S+)\n");
  /** Order stages of at least a second, so that a deadline passes within the test. */
  private static final Genesis.OrderRules SHORT = new Genesis.OrderRules(10, 1_000, 600_000);

  @Test
  void listSearchUpdateDelist(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir.resolve("chain"), 2)) {
      String seller = KeyStore.loadAccountFile(chain.clientKey(1), PasswordFile.read(chain.password())).publicKey()
          .address().toHex();
      String stranger = KeyStore.loadAccountFile(chain.clientKey(2), PasswordFile.read(chain.password()))
          .publicKey().address().toHex();
      Path licence = Files.writeString(dir.resolve("licence.txt"), "Research use only.");
      String[] key = {"--key", chain.clientKey(1).toString(), "--password-file", chain.password().toString(),
          "--chain-node", chain.api(1)};
      String[] traffic = {"--title", "Shenzhen traffic speeds", "--description", "Speeds per road segment.",
          "--tag", "traffic", "--category", "mobility", "--kind", "dataset", "--otp-uri", "otp://" + seller
          + "/datasets/traffic", "--price", "500", "--licence", licence.toString(), "--sample", "otp://" + seller
          + "/datasets/traffic-sample"};

      Result listed = OtpCommandsITCase.run(concat(concat(new String[] {"market", "list"}, traffic), key));
      assertEquals(0, listed.exitCode(), listed.err());
      Matcher m = LISTED.matcher(listed.out());
      assertTrue(m.matches(), listed.out());
      String id = m.group(1);

      Result badTag = OtpCommandsITCase.run(concat(new String[] {"market", "list", "--title", "x", "--tag", "Bad Tag",
          "--category", "mobility", "--kind", "dataset", "--otp-uri", "otp://" + seller + "/datasets/x", "--price",
          "1", "--licence", licence.toString()}, key));
      assertEquals(2, badTag.exitCode());
      assertEquals("cpchain: a tag is 1..32 of a-z 0-9 - (no leading '-'): 'Bad Tag'\n", badTag.err());
      Result resale = OtpCommandsITCase.run(concat(new String[] {"market", "list", "--title", "x", "--category",
          "mobility", "--kind", "dataset", "--otp-uri", "otp://" + stranger + "/datasets/x", "--price", "1",
          "--licence", licence.toString()}, key));
      assertEquals(1, resale.exitCode());
      assertEquals(1, resale.err().lines().count(), resale.err());
      assertTrue(resale.err().startsWith("cpchain: refused by the chain: otp://"), resale.err());

      try (MarketServer market = new MarketServer(chain.client(2), chain.validators(),
          new InetSocketAddress("127.0.0.1", 0), Duration.ofMillis(100)).start()) {
        String url = "http://127.0.0.1:" + market.port();
        assertTrue(market.awaitHeight(Long.parseLong(m.group(2)), Duration.ofSeconds(60)));
        Result found = OtpCommandsITCase.run("market", "search", "shenzen", "trafic", "--market", url);
        assertEquals(0, found.exitCode(), found.err());
        assertTrue(found.out().startsWith("1 listings match (index at block "), found.out());
        assertTrue(found.out().contains("1. Shenzhen traffic speeds  [mobility, dataset, 500 one-off]"), found.out());
        assertTrue(found.out().contains("   id " + id + "  seller "), found.out());
        assertTrue(found.out().contains("tag: traffic 1\n"), found.out());

        Result updated = OtpCommandsITCase.run(concat(concat(new String[] {"market", "update", id}, traffic.clone()),
            key));
        assertEquals(0, updated.exitCode(), updated.err());
        Result delisted = OtpCommandsITCase.run(concat(new String[] {"market", "delist", id}, key));
        assertEquals(0, delisted.exitCode(), delisted.err());
        long height = Long.parseLong(delisted.out().replaceAll("(?s).* in block (\\d+)\n", "$1"));
        assertTrue(market.awaitHeight(height, Duration.ofSeconds(60)));
        Result gone = OtpCommandsITCase.run("market", "search", "traffic", "--market", url);
        assertTrue(gone.out().startsWith("0 listings match"), gone.out());
        Result again = OtpCommandsITCase.run(concat(new String[] {"market", "delist", id}, key));
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("a delisting is final"), again.err());

        Result malformed = OtpCommandsITCase.run("market", "search", "traffic", "AND", "(", "--market", url);
        assertEquals(2, malformed.exitCode());
        assertTrue(malformed.err().startsWith("cpchain: malformed query 'traffic AND ('"), malformed.err());
      }
    }
  }

  @Test
  void orderAcceptConfirmAndAnOrderNotAcceptedSettledByAThirdParty(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir.resolve("chain"), 3, SHORT)) {
      Address seller = address(chain, 1);
      Address buyer = address(chain, 2);
      Path licence = Files.writeString(dir.resolve("licence.txt"), "Research use only.");
      String[] node = {"--password-file", chain.password().toString(), "--chain-node", chain.api(1)};
      String[] bySeller = concat(new String[] {"--key", chain.clientKey(1).toString()}, node);
      String[] byBuyer = concat(new String[] {"--key", chain.clientKey(2).toString()}, node);
      String[] byStranger = concat(new String[] {"--key", chain.clientKey(3).toString()}, node);
      Result listed = OtpCommandsITCase.run(concat(new String[] {"market", "list", "--title", "Shenzhen traffic",
          "--category", "mobility", "--kind", "dataset", "--otp-uri", "otp://" + seller.toHex() + "/datasets/traffic",
          "--price", "500", "--licence", licence.toString()}, bySeller));
      Matcher m = LISTED.matcher(listed.out());
      assertTrue(m.matches(), listed.out() + listed.err());
      String listing = m.group(1);
      long buyerFunds = chain.client(1).account(buyer).balance();
      long sellerFunds = chain.client(1).account(seller).balance();

      Result ordered = OtpCommandsITCase.run(concat(new String[] {"market", "order", listing, "--licence",
          licence.toString(), "--accept-within", "PT1M", "--complete-within", "PT5M"}, byBuyer));
      Matcher o = ORDERED.matcher(ordered.out());
      assertTrue(o.matches(), ordered.out() + ordered.err());
      String order = o.group(1);
      Result byWrongParty = OtpCommandsITCase.run(concat(new String[] {"market", "accept", order}, byBuyer));
      assertEquals(1, byWrongParty.exitCode());
      assertEquals("cpchain: refused by the chain: order " + order + " has seller " + seller + "; only its seller may"
          + " accept it\n", byWrongParty.err());
      Result accepted = OtpCommandsITCase.run(concat(new String[] {"market", "accept", order}, bySeller));
      assertEquals(0, accepted.exitCode(), accepted.err());
      assertTrue(accepted.out().startsWith("accepted " + order + " in block "), accepted.out());
      assertTrue(accepted.out().contains(": deposit 50 in escrow with the price 500; the buyer may confirm until "),
          accepted.out());
      Result pending = OtpCommandsITCase.run("market", "status", order, "--chain-node", chain.api(2));
      assertEquals(0, pending.exitCode(), pending.err());
      assertTrue(pending.out().startsWith("order " + order + ": accepted\n  listing " + listing + "\n  buyer "
          + buyer + ", seller " + seller + "\n  price 500, seller deposit 50, in escrow now 550\n"), pending.out());
      assertTrue(pending.out().contains("  next: the buyer may confirm until "), pending.out());
      Result confirmed = OtpCommandsITCase.run(concat(new String[] {"market", "confirm", order}, byBuyer));
      assertEquals(0, confirmed.exitCode(), confirmed.err());
      assertTrue(confirmed.out().endsWith(": the seller paid 500, its deposit 50 returned\n"), confirmed.out());
      Result closed = OtpCommandsITCase.run("market", "status", order, "--chain-node", chain.api(3));
      assertTrue(closed.out().startsWith("order " + order + ": confirmed\n"), closed.out());
      assertTrue(closed.out().contains("in escrow now 0\n"), closed.out());
      assertTrue(closed.out().endsWith("  next: nothing: the order is closed and holds nothing in escrow\n"),
          closed.out());
      assertEquals(sellerFunds + 500, chain.client(1).account(seller).balance());
      assertEquals(buyerFunds - 500, chain.client(1).account(buyer).balance());

      Result unaccepted = OtpCommandsITCase.run(concat(new String[] {"market", "order", listing, "--accept-within",
          "PT4S", "--complete-within", "PT1M"}, byBuyer));
      Matcher u = ORDERED.matcher(unaccepted.out());
      assertTrue(u.matches(), unaccepted.out() + unaccepted.err());
      String late = u.group(1);
      long acceptBy = Instant.parse(u.group(2)).toEpochMilli();
      Result placed = OtpCommandsITCase.run("market", "status", late, "--chain-node", chain.api(1));
      assertTrue(placed.out().contains("  next: the seller may accept until " + u.group(2) + ", the buyer may cancel"
          + " until then; from then on anyone may settle it and the buyer is refunded 500\n"), placed.out());
      Result early = OtpCommandsITCase.run(concat(new String[] {"market", "settle", late}, byStranger));
      assertEquals(1, early.exitCode());
      assertTrue(early.err().endsWith("; nothing to settle before then\n"), early.err());
      awaitClock(acceptBy);
      Result settled = OtpCommandsITCase.run(concat(new String[] {"market", "settle", late}, byStranger));
      assertEquals(0, settled.exitCode(), settled.err());
      assertTrue(settled.out().startsWith("expired " + late + " in block "), settled.out());
      assertTrue(settled.out().endsWith(": not accepted in time, 500 refunded to the buyer\n"), settled.out());
      assertEquals(buyerFunds - 500, chain.client(1).account(buyer).balance(), "the second order's price is back");
      Result tooLate = OtpCommandsITCase.run(concat(new String[] {"market", "accept", late}, bySeller));
      assertEquals(1, tooLate.exitCode());
      assertTrue(tooLate.err().contains("is expired since height"), tooLate.err());

      Result malformed = OtpCommandsITCase.run("market", "status", "0x12", "--chain-node", chain.api(1));
      assertEquals(2, malformed.exitCode());
      assertEquals("cpchain: an order id is 0x and 64 hex digits, not 0x12\n", malformed.err());
      HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(chain.api(1)
          + "/v1/orders/0x12")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(400, api.statusCode(), api.body());
      Result unknown = OtpCommandsITCase.run("market", "status", "0x" + "ab".repeat(32), "--chain-node",
          chain.api(1));
      assertEquals(1, unknown.exitCode());
      assertEquals("cpchain: no order 0x" + "ab".repeat(32) + " on the chain\n", unknown.err());
    }
  }

  private static Address address(TestChain chain, int client) throws Exception {
    return KeyStore.loadAccountFile(chain.clientKey(client), PasswordFile.read(chain.password())).publicKey()
        .address();
  }

  /** Until this machine's clock, the one the chain's block times come from, reaches {@code ms}. */
  private static void awaitClock(long ms) throws InterruptedException {
    long left;
    while ((left = ms - System.currentTimeMillis()) >= 0) {
      Thread.sleep(left + 1);
    }
  }
}
