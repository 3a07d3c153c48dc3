package io.cpchain.market.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.market.index.MalformedQueryException;
import io.cpchain.market.index.SearchRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A search's query string: every parameter read, repeated tags kept, anything else one clear error. */
class MarketServerRequestTest {

  @Test
  void everyParameterIsRead() {
    assertEquals(new SearchRequest("ring road", List.of("traffic", "speed"), "mobility", "live", 1L, 99L, 5L, 6L,
        "0xab", 20, 5), MarketServer.request("q=ring+road&tag=traffic&tag=speed&category=mobility&kind=live"
        + "&minPrice=1&maxPrice=99&sinceHeight=5&sinceMs=6&seller=0xab&offset=20&limit=5"));
    assertEquals(SearchRequest.of(""), MarketServer.request(null));
    assertEquals(SearchRequest.of("a&b"), MarketServer.request("q=a%26b"));
  }

  @Test
  void aMalformedQueryStringIsOneClearError() {
    assertEquals("unknown parameter 'sort'; a search takes category, kind, limit, maxPrice, minPrice, offset, q,"
        + " seller, sinceHeight, sinceMs, tag", message("q=x&sort=price"));
    assertEquals("parameter 'q' is given twice", message("q=x&q=y"));
    assertEquals("parameter 'limit' is a whole number, not 'ten'", message("limit=ten"));
    assertEquals("parameter 'offset' is out of range: -1", message("offset=-1"));
    assertEquals("a page is offset >= 0 and limit 1..100, not offset 0 limit 1000", message("limit=1000"));
    assertEquals("the price range 9..1 is empty", message("minPrice=9&maxPrice=1"));
    assertEquals("a query string is at most 4096 bytes, this one 4098", message("q=" + "x".repeat(4096)));
  }

  private static String message(String query) {
    return assertThrows(MalformedQueryException.class, () -> MarketServer.request(query)).getMessage();
  }
}
