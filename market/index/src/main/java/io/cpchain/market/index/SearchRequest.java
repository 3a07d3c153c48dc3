package io.cpchain.market.index;

import java.util.List;

/**
 * One search: {@code query} in natural language or Lucene's classic syntax (blank: every listing,
 * newest first), the filters (every given one must hold; null or empty: not filtered), and the page
 * ({@code offset}, {@code limit}). Bounded so that one request cannot make the index work without
 * end: see the constants.
 *
 * @param tags listings carrying every one of these tags
 * @param minPrice lowest price, inclusive; {@code maxPrice} highest, inclusive
 * @param updatedSinceHeight listings whose terms were last set at this block height or later
 * @param updatedSinceMs listings whose terms were last set at this block time (ms) or later
 * @param seller listings of this seller (0x address, any case)
 */
public record SearchRequest(String query, List<String> tags, String category, String dataKind, Long minPrice,
    Long maxPrice, Long updatedSinceHeight, Long updatedSinceMs, String seller, int offset, int limit) {

  public static final int MAX_QUERY = 1024;
  public static final int MAX_LIMIT = 100;
  /** The deepest result a page may reach: deeper pages cost the index more than they help a person. */
  public static final int MAX_WINDOW = 10_000;
  public static final int DEFAULT_LIMIT = 10;

  public SearchRequest {
    query = query == null ? "" : query;
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (query.length() > MAX_QUERY) {
      throw new MalformedQueryException("a query is at most " + MAX_QUERY + " characters, this one " + query.length());
    }
    if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
      throw new MalformedQueryException("a page is offset >= 0 and limit 1.." + MAX_LIMIT + ", not offset " + offset
          + " limit " + limit);
    }
    if ((long) offset + limit > MAX_WINDOW) {
      throw new MalformedQueryException("a page reaches at most result " + MAX_WINDOW + ", not " + ((long) offset
          + limit) + "; narrow the query or the filters");
    }
    if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
      throw new MalformedQueryException("the price range " + minPrice + ".." + maxPrice + " is empty");
    }
  }

  /** {@code query}, unfiltered, the first {@link #DEFAULT_LIMIT} results. */
  public static SearchRequest of(String query) {
    return new SearchRequest(query, List.of(), null, null, null, null, null, null, null, 0, DEFAULT_LIMIT);
  }

  public SearchRequest page(int newOffset, int newLimit) {
    return new SearchRequest(query, tags, category, dataKind, minPrice, maxPrice, updatedSinceHeight, updatedSinceMs,
        seller, newOffset, newLimit);
  }

  public SearchRequest tagged(List<String> newTags) {
    return new SearchRequest(query, newTags, category, dataKind, minPrice, maxPrice, updatedSinceHeight,
        updatedSinceMs, seller, offset, limit);
  }

  public SearchRequest in(String newCategory, String newDataKind) {
    return new SearchRequest(query, tags, newCategory, newDataKind, minPrice, maxPrice, updatedSinceHeight,
        updatedSinceMs, seller, offset, limit);
  }

  public SearchRequest priced(Long min, Long max) {
    return new SearchRequest(query, tags, category, dataKind, min, max, updatedSinceHeight, updatedSinceMs, seller,
        offset, limit);
  }

  public SearchRequest since(Long height, Long timeMs) {
    return new SearchRequest(query, tags, category, dataKind, minPrice, maxPrice, height, timeMs, seller, offset,
        limit);
  }

  public SearchRequest by(String newSeller) {
    return new SearchRequest(query, tags, category, dataKind, minPrice, maxPrice, updatedSinceHeight, updatedSinceMs,
        newSeller, offset, limit);
  }
}
