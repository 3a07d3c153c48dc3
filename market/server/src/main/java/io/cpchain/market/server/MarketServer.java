package io.cpchain.market.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.server.HttpServers;
import io.cpchain.market.chain.ListingFollower;
import io.cpchain.market.index.ListingIndex;
import io.cpchain.market.index.MalformedQueryException;
import io.cpchain.market.index.SearchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Market server: follows one chain node's final blocks into its own {@link ListingIndex}
 * ({@link ListingFollower}: each block's certificate checked against the genesis validators, so
 * the node is not trusted) and answers searches over HTTP/JSON (routes in the module README).
 * Several may run, each against any node: those at the same height answer alike.
 *
 * <p>Limits, as the chain API and the proxies have them ({@link HttpServers.Limits}): at most
 * {@link #LIMITS}' connections, each request in full within its timeout; GET only, no body; a
 * query string of at most {@link #MAX_QUERY_STRING} bytes. A malformed search is a 400 with
 * {@code {"error": reason}}.
 */
public final class MarketServer implements AutoCloseable {

  static final HttpServers.Limits LIMITS = new HttpServers.Limits(64, Duration.ofSeconds(10), Duration.ofSeconds(10),
      Duration.ofSeconds(30));
  static final int MAX_QUERY_STRING = 4096;
  static final Set<String> PARAMETERS = Set.of("q", "tag", "category", "kind", "minPrice", "maxPrice", "sinceHeight",
      "sinceMs", "seller", "offset", "limit");

  /** What a Market server says of itself: the chain height its index is at, and the last refusal of a block, if any. */
  public record Status(long height, String chainNode, String lastRefusal) {}

  private final ChainClient chain;
  private final ListingIndex index = new ListingIndex();
  private final ListingFollower follower;
  private final Duration pollInterval;
  private final HttpServer http;
  private final Thread following;
  private final Object progress = new Object();
  private volatile String lastRefusal;
  private volatile boolean running = true;

  /**
   * Follows {@code chain}'s node from block 1, certificates checked against {@code validators};
   * serves on {@code listen}.
   */
  public MarketServer(ChainClient chain, ValidatorSet validators, InetSocketAddress listen, Duration pollInterval)
      throws IOException {
    this.chain = chain;
    this.follower = new ListingFollower(BlockFollower.source(chain), validators, index);
    this.pollInterval = pollInterval;
    this.http = HttpServers.create(listen, LIMITS, "market-http");
    http.createContext("/v1/", this::route);
    this.following = new Thread(this::follow, "market-follow");
    following.setDaemon(true);
  }

  public MarketServer start() {
    following.start();
    http.start();
    return this;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public Status status() {
    return new Status(index.height(), chain.base().toString(), lastRefusal);
  }

  /** Waits until the index is at chain height {@code height} or later; false if not within {@code timeout}. */
  public boolean awaitHeight(long height, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (index.height() < height) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private void follow() {
    while (running) {
      boolean applied;
      try {
        applied = follower.step();
      } catch (BlockFollower.UnverifiedBlockException | UncheckedIOException e) {
        lastRefusal = e.getMessage(); // asked again next time, maybe after the node has recovered
        applied = false;
      } catch (IOException e) {
        throw new UncheckedIOException("the in-memory index failed", e);
      }
      if (applied) {
        synchronized (progress) {
          progress.notifyAll();
        }
      } else {
        try {
          Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    // The reply is written inside the try: the exchange's close ends a connection that has no answer yet.
    try (exchange) {
      try {
        answer(exchange);
      } catch (MalformedQueryException e) {
        HttpServers.reply(exchange, 400, new Views.ErrorInfo(e.getMessage()));
      } catch (RuntimeException e) {
        HttpServers.reply(exchange, 500, new Views.ErrorInfo(String.valueOf(e.getMessage())));
      }
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if ((declared != null && !declared.strip().equals("0"))
        || exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
      HttpServers.reply(exchange, 413, new Views.ErrorInfo("a Market server takes no request body"));
    } else if (!exchange.getRequestMethod().equals("GET")) {
      HttpServers.reply(exchange, 405, new Views.ErrorInfo("method not allowed"));
    } else if (path.equals("/v1/status")) {
      HttpServers.reply(exchange, 200, status());
    } else if (path.equals("/v1/search")) {
      HttpServers.reply(exchange, 200, index.search(request(exchange.getRequestURI().getRawQuery())));
    } else {
      HttpServers.reply(exchange, 404, new Views.ErrorInfo("no such route: " + path));
    }
  }

  /** The search a query string asks for: {@code q}, repeated {@code tag}s, the other filters once each, the page. */
  static SearchRequest request(String rawQuery) {
    if (rawQuery != null && rawQuery.length() > MAX_QUERY_STRING) {
      throw new MalformedQueryException("a query string is at most " + MAX_QUERY_STRING + " bytes, this one "
          + rawQuery.length());
    }
    Map<String, List<String>> params = new HashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        if (!PARAMETERS.contains(name)) {
          throw new MalformedQueryException("unknown parameter '" + name + "'; a search takes " + String.join(", ",
              PARAMETERS.stream().sorted().toList()));
        }
        List<String> values = params.computeIfAbsent(name, n -> new ArrayList<>());
        if (!values.isEmpty() && !name.equals("tag")) {
          throw new MalformedQueryException("parameter '" + name + "' is given twice");
        }
        values.add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return new SearchRequest(one(params, "q"), params.getOrDefault("tag", List.of()), one(params, "category"),
        one(params, "kind"), number(params, "minPrice"), number(params, "maxPrice"), number(params, "sinceHeight"),
        number(params, "sinceMs"), one(params, "seller"), (int) bounded(params, "offset", 0),
        (int) bounded(params, "limit", SearchRequest.DEFAULT_LIMIT));
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedQueryException("the query string is not URL-encoded: " + e.getMessage());
    }
  }

  private static String one(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null ? null : values.get(0);
  }

  private static Long number(Map<String, List<String>> params, String name) {
    String value = one(params, name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new MalformedQueryException("parameter '" + name + "' is a whole number, not '" + value + "'");
    }
  }

  private static long bounded(Map<String, List<String>> params, String name, int otherwise) {
    Long value = number(params, name);
    if (value == null) {
      return otherwise;
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new MalformedQueryException("parameter '" + name + "' is out of range: " + value);
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    running = false;
    following.interrupt();
    try {
      following.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    HttpServers.stop(http);
    index.close();
  }
}
