package io.cpchain.market.index;

import io.cpchain.consensus.client.Views;
import java.util.List;
import java.util.Map;

/**
 * A page of results as of chain height {@code height}: {@code total} listings match, these are
 * {@code hits} in rank order, and {@code facets} counts the matching listings per value of each
 * facet ({@code tag}, {@code category}, {@code dataKind}, {@code price}).
 */
public record SearchResult(long height, long total, List<Hit> hits, Map<String, List<FacetCount>> facets) {

  /**
   * One listing, its BM25 {@code score} (0 when no query ranks), and its matching passages per field
   * with the matches marked {@code <mark>…</mark>} (the rest HTML-escaped).
   */
  public record Hit(String id, float score, Views.ListingInfo listing, Map<String, String> highlights) {}

  public record FacetCount(String value, long count) {}
}
