package io.cpchain.market.index;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.client.Views;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.range.LongRange;
import org.apache.lucene.facet.range.LongRangeFacetCounts;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Market's search index of the chain's listings, embedded Lucene in memory: it holds only what
 * the chain says ({@link #put} a listing as the chain accepted it, {@link #remove} a delisted one,
 * {@link #publish} after each block), so every Market server that applies the same final blocks
 * in the same order holds the same index and answers a search the same. Thread-safe: one writer
 * (the chain follower), any number of searches, each against the index as of one block.
 *
 * <p>Ranking is Lucene's BM25 over every text field, the title boosted most ({@link #BOOSTS}).
 * A query in natural language (no query syntax) also scores its words as a phrase (slop 2) and
 * matches typos against the unstemmed words of title, tags and description (edit distance 1 for
 * words of 4-7 letters, 2 from 8); a query in Lucene's classic
 * syntax ({@code "exact phrase"}, {@code term~}, {@code +must -not}, {@code title:word}) is taken as
 * written. Ties are broken by listing id, so the order, and so each page, is total and stable.
 * Determinism across servers: merges run serially, in the writer's thread, and the reader is
 * reopened only at {@link #publish}, so the segments (and the statistics BM25 reads) depend on
 * the chain alone.
 */
public final class ListingIndex implements Closeable {

  static final String ID = "id";
  static final String SELLER = "seller";
  static final String TITLE = "title";
  static final String DESCRIPTION = "description";
  static final String TAGS = "tags";
  static final String CATEGORY = "category";
  static final String NAMES = "names";
  static final String PRICING = "pricing";
  static final String TAG_EXACT = "tag_exact";
  static final String CATEGORY_EXACT = "category_exact";
  static final String KIND = "kind";
  static final String PRICE = "price";
  static final String UPDATED_HEIGHT = "updated_height";
  static final String UPDATED_MS = "updated_ms";
  static final String VIEW = "view";
  /** Title, tags and description as written, unstemmed: what a typo is matched against. */
  static final String WORDS = "words";

  /** The fields a query searches and their weights: a word in the title counts most. */
  public static final Map<String, Float> BOOSTS = orderedBoosts();
  static final float PHRASE_BOOST = 2f;
  static final float FUZZY_BOOST = 0.3f;
  static final int PHRASE_SLOP = 2;
  static final int MAX_FACET_VALUES = 20;
  static final String[] HIGHLIGHTED = {TITLE, DESCRIPTION};

  /** The price facet's buckets (in the listing's currency units). */
  public static final List<LongRange> PRICE_RANGES = List.of(new LongRange("free", 0, true, 0, true),
      new LongRange("1-99", 1, true, 99, true), new LongRange("100-999", 100, true, 999, true),
      new LongRange("1000-9999", 1_000, true, 9_999, true),
      new LongRange("10000+", 10_000, true, Long.MAX_VALUE, true));

  /** Characters of Lucene's classic query syntax: a query with none of them is natural language. */
  private static final Pattern SYNTAX = Pattern.compile(
      "(^|\\s)[+\\-!]|[\"~*?:()\\[\\]{}^\\\\/]|&&|\\|\\||\\b(AND|OR|NOT|TO)\\b");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FieldType TEXT_WITH_OFFSETS = textWithOffsets();

  private final Analyzer plain = new StandardAnalyzer(CharArraySet.EMPTY_SET);
  private final Analyzer analyzer = new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), Map.of(WORDS, plain));
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final FacetsConfig facetsConfig = new FacetsConfig();
  private final IndexWriter writer;
  private final Object publishing = new Object();
  private volatile Snapshot current;

  /** The index as of one block: its reader, searcher and facet ordinals. */
  private record Snapshot(DirectoryReader reader, IndexSearcher searcher, SortedSetDocValuesReaderState facets,
      long height) {}

  public ListingIndex() {
    facetsConfig.setMultiValued("tag", true);
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    config.setMergeScheduler(new SerialMergeScheduler());
    config.setCommitOnClose(false);
    try {
      this.writer = new IndexWriter(directory, config);
      this.current = snapshot(DirectoryReader.open(writer), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory index cannot fail to open", e);
    }
  }

  private static Map<String, Float> orderedBoosts() {
    Map<String, Float> boosts = new LinkedHashMap<>();
    boosts.put(TITLE, 4f);
    boosts.put(TAGS, 2f);
    boosts.put(CATEGORY, 1.5f);
    boosts.put(DESCRIPTION, 1f);
    boosts.put(NAMES, 0.5f);
    boosts.put(PRICING, 0.5f);
    return Collections.unmodifiableMap(boosts);
  }

  private static FieldType textWithOffsets() {
    FieldType type = new FieldType(TextField.TYPE_STORED);
    type.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    type.freeze();
    return type;
  }

  /** Adds or replaces (by id) a listing the chain accepted; searches see it after the next {@link #publish}. */
  public void put(ListingRecord listing) throws IOException {
    Views.ListingInfo view = Views.ListingInfo.of(listing);
    ListingTerms t = listing.terms();
    Document doc = new Document();
    doc.add(new StringField(ID, view.id(), Field.Store.NO));
    doc.add(new SortedDocValuesField(ID, new BytesRef(view.id())));
    doc.add(new StringField(SELLER, view.seller().toLowerCase(Locale.ROOT), Field.Store.NO));
    doc.add(new Field(TITLE, t.title(), TEXT_WITH_OFFSETS));
    doc.add(new Field(DESCRIPTION, t.description(), TEXT_WITH_OFFSETS));
    doc.add(new TextField(WORDS, t.title(), Field.Store.NO));
    doc.add(new TextField(WORDS, t.description(), Field.Store.NO));
    for (String tag : t.tags()) {
      doc.add(new TextField(WORDS, tag, Field.Store.NO));
      doc.add(new TextField(TAGS, tag, Field.Store.NO));
      doc.add(new StringField(TAG_EXACT, tag, Field.Store.NO));
      doc.add(new SortedSetDocValuesFacetField("tag", tag));
    }
    doc.add(new TextField(CATEGORY, t.category(), Field.Store.NO));
    doc.add(new StringField(CATEGORY_EXACT, t.category(), Field.Store.NO));
    doc.add(new SortedSetDocValuesFacetField("category", t.category()));
    doc.add(new StringField(KIND, t.dataKind(), Field.Store.NO));
    doc.add(new SortedSetDocValuesFacetField("dataKind", t.dataKind()));
    for (String name : t.otpUris()) {
      doc.add(new TextField(NAMES, name, Field.Store.NO));
    }
    doc.add(new TextField(PRICING, t.pricingModel(), Field.Store.NO));
    doc.add(new LongPoint(PRICE, t.price()));
    doc.add(new NumericDocValuesField(PRICE, t.price()));
    doc.add(new LongPoint(UPDATED_HEIGHT, listing.updatedHeight()));
    doc.add(new NumericDocValuesField(UPDATED_HEIGHT, listing.updatedHeight()));
    doc.add(new LongPoint(UPDATED_MS, listing.updatedAtMs()));
    doc.add(new StoredField(VIEW, JSON.writeValueAsBytes(view)));
    writer.updateDocument(new Term(ID, view.id()), facetsConfig.build(doc));
  }

  /** Removes a delisted listing; searches stop seeing it after the next {@link #publish}. */
  public void remove(String id) throws IOException {
    writer.deleteDocuments(new Term(ID, id));
  }

  /** Makes everything put or removed so far what searches see, as the index of chain height {@code height}. */
  public void publish(long height) throws IOException {
    synchronized (publishing) {
      Snapshot old = current;
      DirectoryReader newer = DirectoryReader.openIfChanged(old.reader(), writer);
      if (newer == null) {
        old.reader().incRef(); // the new snapshot shares the reader
        current = new Snapshot(old.reader(), old.searcher(), old.facets(), height);
      } else {
        current = snapshot(newer, height);
      }
      old.reader().decRef();
    }
  }

  /** The chain height the index is as of (0 before any block). */
  public long height() {
    return current.height();
  }

  private Snapshot snapshot(DirectoryReader reader, long height) throws IOException {
    boolean anyFacets = FieldInfos.getMergedFieldInfos(reader).fieldInfo(FacetsConfig.DEFAULT_INDEX_FIELD_NAME)
        != null;
    return new Snapshot(reader, new IndexSearcher(reader), anyFacets ? new DefaultSortedSetDocValuesReaderState(reader,
        facetsConfig) : null, height);
  }

  /** Runs one search against the index as of the last {@link #publish}; a malformed one is refused with the reason. */
  public SearchResult search(SearchRequest request) throws IOException {
    Query text = textQuery(request.query());
    Query query = filtered(text, request);
    Snapshot snapshot = acquire();
    try {
      IndexSearcher searcher = snapshot.searcher();
      Sort sort = request.query().isBlank()
          ? new Sort(new SortField(UPDATED_HEIGHT, SortField.Type.LONG, true), new SortField(ID, SortField.Type.STRING))
          : new Sort(SortField.FIELD_SCORE, new SortField(ID, SortField.Type.STRING));
      FacetsCollectorManager.FacetsResult found;
      try {
        found = FacetsCollectorManager.search(searcher, query, request.offset() + request.limit(), sort, true,
            new FacetsCollectorManager());
      } catch (IndexSearcher.TooManyClauses e) {
        throw new MalformedQueryException("the query expands to more than " + IndexSearcher.getMaxClauseCount()
            + " terms; use fewer wildcards");
      }
      ScoreDoc[] all = found.topDocs().scoreDocs;
      List<SearchResult.Hit> hits = new ArrayList<>();
      int from = Math.min(request.offset(), all.length);
      int[] docs = new int[all.length - from];
      for (int i = from; i < all.length; i++) {
        docs[i - from] = all[i].doc;
      }
      Map<String, String[]> marked = request.query().isBlank() ? Map.of() : UnifiedHighlighter.builder(searcher,
          analyzer).withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true)).build()
          .highlightFields(HIGHLIGHTED, text, docs, new int[] {1, 2});
      for (int i = from; i < all.length; i++) {
        Document stored = searcher.storedFields().document(all[i].doc);
        Views.ListingInfo view = JSON.readValue(stored.getBinaryValue(VIEW).bytes, Views.ListingInfo.class);
        Map<String, String> highlights = new LinkedHashMap<>();
        for (String field : HIGHLIGHTED) {
          String passage = marked.containsKey(field) ? marked.get(field)[i - from] : null;
          if (passage != null && passage.contains("<mark>")) {
            highlights.put(field, passage);
          }
        }
        float score = Float.isNaN(all[i].score) ? 0f : all[i].score;
        hits.add(new SearchResult.Hit(view.id(), request.query().isBlank() ? 0f : score, view, highlights));
      }
      long total = found.facetsCollector().getMatchingDocs().stream().mapToLong(m -> m.totalHits).sum();
      return new SearchResult(snapshot.height(), total, hits,
          facets(snapshot, found.facetsCollector()));
    } finally {
      snapshot.reader().decRef();
    }
  }

  private Snapshot acquire() {
    while (true) {
      Snapshot snapshot = current;
      if (snapshot.reader().tryIncRef()) {
        return snapshot;
      }
    }
  }

  private Map<String, List<SearchResult.FacetCount>> facets(Snapshot snapshot, FacetsCollector collected)
      throws IOException {
    Map<String, List<SearchResult.FacetCount>> out = new LinkedHashMap<>();
    SortedSetDocValuesFacetCounts counts = snapshot.facets() == null ? null
        : new SortedSetDocValuesFacetCounts(snapshot.facets(), collected);
    for (String dim : List.of("tag", "category", "dataKind")) {
      List<SearchResult.FacetCount> values = new ArrayList<>();
      if (counts != null && snapshot.facets().getOrdRange(dim) != null) {
        FacetResult result = counts.getAllChildren(dim);
        if (result != null) {
          for (LabelAndValue lv : result.labelValues) {
            values.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
          }
        }
      }
      out.put(dim, top(values));
    }
    FacetResult prices = new LongRangeFacetCounts(PRICE, collected, PRICE_RANGES.toArray(LongRange[]::new))
        .getAllChildren(PRICE);
    List<SearchResult.FacetCount> ranges = new ArrayList<>();
    for (LabelAndValue lv : prices.labelValues) {
      ranges.add(new SearchResult.FacetCount(lv.label, lv.value.longValue()));
    }
    out.put("price", ranges);
    return out;
  }

  /** The most frequent values first, ties by value: the same order on every server. */
  private static List<SearchResult.FacetCount> top(List<SearchResult.FacetCount> values) {
    return values.stream().filter(v -> v.count() > 0).sorted(Comparator.comparingLong(SearchResult.FacetCount::count)
        .reversed().thenComparing(SearchResult.FacetCount::value)).limit(MAX_FACET_VALUES).toList();
  }

  /** The query's text part: what ranks, and what the highlighter marks. */
  Query textQuery(String text) {
    if (text.isBlank()) {
      return new MatchAllDocsQuery();
    }
    MultiFieldQueryParser parser = new MultiFieldQueryParser(BOOSTS.keySet().toArray(String[]::new), analyzer,
        BOOSTS);
    parser.setDefaultOperator(QueryParser.Operator.OR);
    Query parsed;
    try {
      parsed = parser.parse(text);
    } catch (ParseException e) {
      throw new MalformedQueryException("malformed query '" + text + "': " + firstLine(e.getMessage()));
    } catch (IndexSearcher.TooManyClauses e) {
      throw new MalformedQueryException("the query has more than " + IndexSearcher.getMaxClauseCount() + " terms");
    }
    if (SYNTAX.matcher(text).find()) {
      return parsed; // the user's own syntax, as written
    }
    BooleanQuery.Builder natural = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.SHOULD);
    for (String field : List.of(TITLE, DESCRIPTION)) {
      Query phrase = parser.createPhraseQuery(field, text, PHRASE_SLOP);
      if (phrase != null && !(phrase instanceof TermQuery)) {
        natural.add(new BoostQuery(phrase, BOOSTS.get(field) * PHRASE_BOOST), BooleanClause.Occur.SHOULD);
      }
    }
    for (String word : words(text)) {
      int edits = word.length() < 4 ? 0 : word.length() < 8 ? 1 : 2;
      if (edits > 0) {
        natural.add(new BoostQuery(new FuzzyQuery(new Term(WORDS, word), edits, 1), FUZZY_BOOST),
            BooleanClause.Occur.SHOULD);
      }
    }
    return natural.build();
  }

  /** The query's words as the {@link #WORDS} field holds them. */
  private List<String> words(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream tokens = plain.tokenStream(WORDS, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        if (!terms.contains(term.toString())) {
          terms.add(term.toString());
        }
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing a string in memory", e);
    }
    return terms;
  }

  private static Query filtered(Query text, SearchRequest request) {
    BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, BooleanClause.Occur.MUST);
    for (String tag : request.tags()) {
      query.add(new TermQuery(new Term(TAG_EXACT, tag)), BooleanClause.Occur.FILTER);
    }
    if (request.category() != null && !request.category().isBlank()) {
      query.add(new TermQuery(new Term(CATEGORY_EXACT, request.category())), BooleanClause.Occur.FILTER);
    }
    if (request.dataKind() != null && !request.dataKind().isBlank()) {
      if (!ListingTerms.DATA_KINDS.containsKey(request.dataKind())) {
        throw new MalformedQueryException("data kind must be one of intervals, live, dataset, aggregate, not '"
            + request.dataKind() + "'");
      }
      query.add(new TermQuery(new Term(KIND, request.dataKind())), BooleanClause.Occur.FILTER);
    }
    if (request.seller() != null && !request.seller().isBlank()) {
      query.add(new TermQuery(new Term(SELLER, request.seller().toLowerCase(Locale.ROOT))), BooleanClause.Occur.FILTER);
    }
    if (request.minPrice() != null || request.maxPrice() != null) {
      query.add(LongPoint.newRangeQuery(PRICE, request.minPrice() == null ? Long.MIN_VALUE : request.minPrice(),
          request.maxPrice() == null ? Long.MAX_VALUE : request.maxPrice()), BooleanClause.Occur.FILTER);
    }
    if (request.updatedSinceHeight() != null) {
      query.add(LongPoint.newRangeQuery(UPDATED_HEIGHT, request.updatedSinceHeight(), Long.MAX_VALUE),
          BooleanClause.Occur.FILTER);
    }
    if (request.updatedSinceMs() != null) {
      query.add(LongPoint.newRangeQuery(UPDATED_MS, request.updatedSinceMs(), Long.MAX_VALUE),
          BooleanClause.Occur.FILTER);
    }
    return query.build();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }

  @Override
  public void close() throws IOException {
    current.reader().decRef();
    writer.close();
    directory.close();
    analyzer.close();
  }
}
