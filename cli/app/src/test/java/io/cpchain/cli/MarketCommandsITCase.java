package io.cpchain.cli;

import static io.cpchain.cli.OtpCommandsITCase.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.OtpCommandsITCase.Result;
import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.market.server.MarketServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cpchain market list|update|delist|search} against a real four-node chain and a Market
 * server following it: a listing is found with a typo, updated, delisted; a malformed listing, a
 * stranger's name and a malformed query are one line each.
 */
class MarketCommandsITCase {

  private static final Pattern LISTED = Pattern.compile("listed (0x[0-9a-f]{64}) in block (\\d+)\n");

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
}
