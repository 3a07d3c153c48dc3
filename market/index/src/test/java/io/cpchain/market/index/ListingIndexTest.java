package io.cpchain.market.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listings' search index on its own: ranking, phrases, typos, facets, highlights, pages, updates, removals. */
class ListingIndexTest {

  static final Address SELLER = AccountPrivateKey.generate().publicKey().address();
  static final Address OTHER = AccountPrivateKey.generate().publicKey().address();
  final ListingIndex index = new ListingIndex();

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  static ListingRecord listing(String seed, String title, String description, List<String> tags, String category,
      String kind, long price, long height) {
    return listing(SELLER, seed, title, description, tags, category, kind, price, height);
  }

  static ListingRecord listing(Address seller, String seed, String title, String description, List<String> tags,
      String category, String kind, long price, long height) {
    String name = "otp://" + seller.toHex() + switch (kind) {
      case "intervals" -> "/devices/veh-" + seed + "/intervals";
      case "live" -> "/devices/veh-" + seed + "/live";
      case "aggregate" -> "/aggregates/a-" + seed;
      default -> "/datasets/d-" + seed;
    };
    ListingTerms terms = new ListingTerms(title, description, tags, category, kind, List.of(name), price, "one-off",
        Hash.keccak("licence".getBytes()), List.of());
    return new ListingRecord(id(seed), seller, terms, height, height * 1_000, height, height * 1_000, 0);
  }

  static Hash id(String seed) {
    return Hash.keccak(seed.getBytes());
  }

  void putAll(long height, ListingRecord... listings) throws Exception {
    for (ListingRecord listing : listings) {
      index.put(listing);
    }
    index.publish(height);
  }

  List<String> titles(SearchRequest request) throws Exception {
    return index.search(request).hits().stream().map(h -> h.listing().title()).toList();
  }

  @Test
  void aWordInTheTitleRanksAboveTheSameWordInADescription() throws Exception {
    putAll(1, listing("a", "Weather stations", "Also near traffic lights.", List.of(), "weather", "dataset", 5, 1),
        listing("b", "Traffic counts", "Hourly counts per junction.", List.of(), "mobility", "dataset", 5, 1));
    assertEquals(List.of("Traffic counts", "Weather stations"), titles(SearchRequest.of("traffic")));
  }

  @Test
  void wordsTogetherAsAPhraseRankFirstAndAQuotedPhraseMatchesOnlyThem() throws Exception {
    putAll(1, listing("a", "Road works near the ring", "Closures.", List.of(), "mobility", "dataset", 5, 1),
        listing("b", "Ring road speeds", "Speeds.", List.of(), "mobility", "dataset", 5, 1));
    assertEquals("Ring road speeds", titles(SearchRequest.of("ring road")).get(0));
    assertEquals(2, titles(SearchRequest.of("ring road")).size(), "either word matches in natural language");
    assertEquals(List.of("Ring road speeds"), titles(SearchRequest.of("\"ring road\"")));
  }

  @Test
  void aTypoStillFindsTheListing() throws Exception {
    putAll(1, listing("a", "Shenzhen traffic speeds", "Per segment.", List.of("congestion"), "mobility", "dataset", 5,
        1), listing("b", "Battery health", "Cells.", List.of(), "energy", "dataset", 5, 1));
    assertEquals(List.of("Shenzhen traffic speeds"), titles(SearchRequest.of("shenzen trafic")));
    assertEquals(List.of("Shenzhen traffic speeds"), titles(SearchRequest.of("congestoin")), "a typo in a tag");
    assertEquals(List.of(), titles(SearchRequest.of("\"shenzen\"")), "syntax is taken as written: no fuzziness");
  }

  @Test
  void facetsCountTheMatchingListingsPerTagCategoryKindAndPriceRange() throws Exception {
    putAll(1, listing("a", "Traffic speeds", "", List.of("traffic", "speed"), "mobility", "dataset", 0, 1),
        listing("b", "Traffic live feed", "", List.of("traffic"), "mobility", "live", 250, 1),
        listing("c", "Rainfall", "", List.of("weather"), "environment", "aggregate", 12_000, 1));
    SearchResult all = index.search(SearchRequest.of(""));
    assertEquals(3, all.total());
    assertEquals(List.of(new SearchResult.FacetCount("traffic", 2), new SearchResult.FacetCount("speed", 1),
        new SearchResult.FacetCount("weather", 1)), all.facets().get("tag"));
    assertEquals(List.of(new SearchResult.FacetCount("mobility", 2), new SearchResult.FacetCount("environment", 1)),
        all.facets().get("category"));
    assertEquals(List.of(new SearchResult.FacetCount("aggregate", 1), new SearchResult.FacetCount("dataset", 1),
        new SearchResult.FacetCount("live", 1)), all.facets().get("dataKind"));
    assertEquals(List.of(new SearchResult.FacetCount("free", 1), new SearchResult.FacetCount("1-99", 0),
        new SearchResult.FacetCount("100-999", 1), new SearchResult.FacetCount("1000-9999", 0),
        new SearchResult.FacetCount("10000+", 1)), all.facets().get("price"));

    SearchResult traffic = index.search(SearchRequest.of("").tagged(List.of("traffic")));
    assertEquals(2, traffic.total());
    assertEquals(List.of(new SearchResult.FacetCount("mobility", 2)), traffic.facets().get("category"),
        "the counts are those of the filtered results");
    assertEquals(List.of("Traffic live feed"), titles(SearchRequest.of("traffic").in("mobility", "live")));
    assertEquals(List.of("Traffic live feed"), titles(SearchRequest.of("").priced(100L, 999L)));
    assertEquals(List.of("Rainfall"), titles(SearchRequest.of("").by(SELLER.toHex().toUpperCase()
        .replace("0X", "0x")).priced(1_000L, null)));
    assertEquals(List.of(), titles(SearchRequest.of("").by(OTHER.toHex())));
  }

  @Test
  void matchesAreHighlightedInTitleAndDescriptionAndTheTextIsEscaped() throws Exception {
    putAll(1, listing("a", "Traffic speeds <Shenzhen>", "Speeds of every segment, each minute.", List.of(), "mobility",
        "dataset", 5, 1));
    SearchResult.Hit hit = index.search(SearchRequest.of("speeds")).hits().get(0);
    assertEquals(Map.of("title", "Traffic <mark>speeds</mark> &lt;Shenzhen&gt;", "description",
        "<mark>Speeds</mark> of every segment, each minute."), hit.highlights());
    assertEquals(Map.of(), index.search(SearchRequest.of("")).hits().get(0).highlights(), "nothing to mark");
  }

  @Test
  void pagesAreStableAndTogetherAreTheWholeOrder() throws Exception {
    ListingRecord[] same = IntStream.range(0, 25).mapToObj(i -> listing("p" + i, "Fleet data", "Vehicles.", List.of(),
        "mobility", "dataset", 5, 1)).toArray(ListingRecord[]::new);
    putAll(1, same);
    List<String> whole = index.search(SearchRequest.of("fleet").page(0, 25)).hits().stream()
        .map(SearchResult.Hit::id).toList();
    List<String> paged = new ArrayList<>();
    for (int offset = 0; offset < 25; offset += 10) {
      SearchResult page = index.search(SearchRequest.of("fleet").page(offset, 10));
      assertEquals(25, page.total());
      page.hits().forEach(h -> paged.add(h.id()));
    }
    assertEquals(whole, paged);
    assertEquals(25, whole.stream().distinct().count());
    assertEquals(whole.stream().sorted().toList(), whole, "equal scores: by listing id");
    assertEquals(whole, index.search(SearchRequest.of("fleet").page(0, 25)).hits().stream().map(SearchResult.Hit::id)
        .toList(), "the same again");
  }

  @Test
  void anUpdateReplacesTheListingAndADelistingRemovesIt() throws Exception {
    ListingRecord first = listing("a", "Traffic speeds", "", List.of("traffic"), "mobility", "dataset", 5, 1);
    putAll(1, first, listing("b", "Weather", "", List.of("weather"), "environment", "dataset", 5, 1));
    ListingRecord updated = listing("a", "Parking occupancy", "", List.of("parking"), "mobility", "dataset", 5, 2);
    putAll(2, updated);
    assertEquals(List.of(), titles(SearchRequest.of("traffic")), "the old terms are gone");
    SearchResult parking = index.search(SearchRequest.of("parking"));
    assertEquals(List.of(id("a").toHex()), parking.hits().stream().map(SearchResult.Hit::id).toList());
    assertEquals(2, parking.hits().get(0).listing().updatedHeight());
    assertEquals(2, index.search(SearchRequest.of("")).total());
    assertEquals(List.of("Parking occupancy"), titles(SearchRequest.of("").since(2L, null)), "fresh since height 2");
    assertEquals(List.of("Parking occupancy"), titles(SearchRequest.of("").since(null, 2_000L)), "fresh since 2 s");

    index.remove(id("a").toHex());
    assertEquals(2, index.search(SearchRequest.of("")).total(), "not before it is published");
    index.publish(3);
    SearchResult after = index.search(SearchRequest.of(""));
    assertEquals(3, after.height());
    assertEquals(List.of("Weather"), after.hits().stream().map(h -> h.listing().title()).toList());
    assertEquals(List.of(new SearchResult.FacetCount("weather", 1)), after.facets().get("tag"));
  }

  @Test
  void aMalformedQueryOrPageIsOneClearError() throws Exception {
    putAll(1, listing("a", "Traffic", "", List.of(), "mobility", "dataset", 5, 1));
    MalformedQueryException syntax = assertThrows(MalformedQueryException.class,
        () -> index.search(SearchRequest.of("traffic AND (")));
    assertTrue(syntax.getMessage().startsWith("malformed query 'traffic AND (': Cannot parse 'traffic AND ('"),
        syntax.getMessage());
    assertTrue(assertThrows(MalformedQueryException.class, () -> index.search(SearchRequest.of("\"open phrase")))
        .getMessage().startsWith("malformed query '\"open phrase': "));
    assertEquals("a page is offset >= 0 and limit 1..100, not offset 0 limit 101", assertThrows(
        MalformedQueryException.class, () -> SearchRequest.of("x").page(0, 101)).getMessage());
    assertEquals("a page reaches at most result 10000, not 10010; narrow the query or the filters", assertThrows(
        MalformedQueryException.class, () -> SearchRequest.of("x").page(10_000, 10)).getMessage());
    assertEquals("data kind must be one of intervals, live, dataset, aggregate, not 'file'", assertThrows(
        MalformedQueryException.class, () -> index.search(SearchRequest.of("x").in(null, "file"))).getMessage());
  }

  @Test
  void twoIndexesFedTheSameListingsInTheSameOrderAnswerIdentically() throws Exception {
    try (ListingIndex other = new ListingIndex()) {
      for (int height = 1; height <= 30; height++) {
        ListingRecord l = listing("s" + (height % 12), "Listing " + height + " traffic", "speeds " + "x".repeat(height),
            List.of("t" + height % 3), "mobility", "dataset", height * 100L, height);
        for (ListingIndex each : List.of(index, other)) {
          each.put(l);
          if (height % 7 == 0) {
            each.remove(id("s" + (height % 5)).toHex());
          }
          each.publish(height);
        }
      }
      for (String query : List.of("traffic", "speeds", "listing 12", "trafic", "")) {
        assertEquals(index.search(SearchRequest.of(query).page(0, 20)), other.search(SearchRequest.of(query)
            .page(0, 20)), query);
      }
    }
  }
}
