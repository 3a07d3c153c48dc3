package io.cpchain.market.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpchain.consensus.client.Views;
import io.cpchain.market.index.MalformedQueryException;
import io.cpchain.market.index.SearchRequest;
import io.cpchain.market.index.SearchResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Java client of a Market server's HTTP/JSON API, for the CLI and tests. Thread-safe. A search the
 * server refuses as malformed throws {@link MalformedQueryException} with its reason; an
 * unreachable or silent server, or an answer over {@link #MAX_ANSWER} bytes, {@link UncheckedIOException}.
 */
public final class MarketClient {

  /** A page is at most 100 listings of a few KiB each, plus facets. */
  public static final int MAX_ANSWER = 4 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /** {@code base} like {@code http://127.0.0.1:7501}; each call waits at most {@code timeout}. */
  public MarketClient(URI base, Duration timeout) {
    this.base = base;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public SearchResult search(SearchRequest request) {
    List<String> params = new ArrayList<>();
    param(params, "q", request.query().isEmpty() ? null : request.query());
    request.tags().forEach(tag -> param(params, "tag", tag));
    param(params, "category", request.category());
    param(params, "kind", request.dataKind());
    param(params, "minPrice", request.minPrice());
    param(params, "maxPrice", request.maxPrice());
    param(params, "sinceHeight", request.updatedSinceHeight());
    param(params, "sinceMs", request.updatedSinceMs());
    param(params, "seller", request.seller());
    param(params, "offset", request.offset());
    param(params, "limit", request.limit());
    return get("/v1/search?" + String.join("&", params), SearchResult.class);
  }

  public MarketServer.Status status() {
    return get("/v1/status", MarketServer.Status.class);
  }

  private static void param(List<String> params, String name, Object value) {
    if (value != null) {
      params.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
    }
  }

  private <T> T get(String pathAndQuery, Class<T> type) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_ANSWER + 1);
      }
      if (body.length > MAX_ANSWER) {
        throw new UncheckedIOException(new IOException("the Market server at " + base + " answered more than "
            + MAX_ANSWER + " bytes"));
      }
      if (response.statusCode() == 400) {
        throw new MalformedQueryException(JSON.readValue(body, Views.ErrorInfo.class).error());
      }
      if (response.statusCode() != 200) {
        throw new UncheckedIOException(new IOException("the Market server at " + base + " answered "
            + response.statusCode() + ": " + new String(body, StandardCharsets.UTF_8)));
      }
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new UncheckedIOException("the Market server at " + base + ": " + (e.getMessage() != null
          ? e.getMessage() : "no answer (" + e.getClass().getSimpleName() + ")"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while asking " + base));
    }
  }
}
