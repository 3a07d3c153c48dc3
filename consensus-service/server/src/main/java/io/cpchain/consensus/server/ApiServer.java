package io.cpchain.consensus.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.client.Views;
import io.cpchain.consensus.state.ChainState;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The client API: HTTP/1.1 and JSON on the JDK's HttpServer (routes in the module README).
 * Malformed input is a 400 with {@code {"error": reason}}; an unknown object a 404.
 *
 * <p>Limits, so that no client can take the node's memory or threads: a body only on
 * {@code POST /v1/txs}, at most {@link #MAX_SUBMIT_BODY} (413 beyond, before it is read); at most
 * {@link #MAX_SUBMITS} submissions decoded at once (others wait {@link #SUBMIT_WAIT_SECONDS}, then
 * 503) and {@link #MAX_STREAMS} block streams open (503 beyond); a fixed pool of threads with a bounded queue; a request must arrive in full (headers and
 * body) within {@link #REQUEST_SECONDS}, an idle connection is closed after {@link #IDLE_SECONDS}.
 */
final class ApiServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  /** A transaction is a few hundred bytes (a proxy fault's evidence up to 1 MiB), twice that in hex. */
  static final int MAX_SUBMIT_BODY = 4 << 20;
  static final int MAX_SUBMITS = 4;
  /** A submission waits this long for one of those (a burst queues, a flood is refused). */
  static final int SUBMIT_WAIT_SECONDS = 10;
  static final int MAX_STREAMS = 8;
  /** Threads for everything else than streams; requests beyond them wait in a queue of {@link #QUEUE}. */
  static final int WORKERS = 16;
  static final int QUEUE = 1_024;
  static final int REQUEST_SECONDS = 20;
  static final int IDLE_SECONDS = 30;

  private final Node node;
  private final SenderCache senders;
  private final HttpServer server;
  private final ExecutorService threads;
  private final Semaphore submits = new Semaphore(MAX_SUBMITS);
  private final Semaphore streams = new Semaphore(MAX_STREAMS);
  private final Object newBlock = new Object();

  ApiServer(Node node, InetSocketAddress address, SenderCache senders) throws IOException {
    this.node = node;
    this.senders = senders;
    // The JDK server's timeouts are JVM-wide, read once by the first server: a node runs this one only.
    System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime",
        String.valueOf(REQUEST_SECONDS)));
    System.setProperty("sun.net.httpserver.idleInterval", System.getProperty("sun.net.httpserver.idleInterval",
        String.valueOf(IDLE_SECONDS)));
    this.server = HttpServers.create(address);
    // A full queue closes the connection (the JDK server's answer to a refused task).
    this.threads = new ThreadPoolExecutor(WORKERS + MAX_STREAMS, WORKERS + MAX_STREAMS, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE), r -> {
          Thread t = new Thread(r, "api");
          t.setDaemon(true);
          return t;
        });
    server.setExecutor(threads);
    server.createContext("/v1/", this::route);
    node.onCommit(block -> {
      synchronized (newBlock) {
        newBlock.notifyAll();
      }
    });
  }

  void start() {
    server.start();
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      routeOpen(exchange);
    }
  }

  /** Routes one request; a malformed one gets its reason (the exchange is still open to answer it). */
  private void routeOpen(HttpExchange exchange) throws IOException {
    try {
      String[] path = exchange.getRequestURI().getPath().substring(4).split("/");
      String method = exchange.getRequestMethod();
      boolean submit = method.equals("POST") && path.length == 1 && path[0].equals("txs");
      long declared = declaredLength(exchange);
      if (submit ? declared > MAX_SUBMIT_BODY : declared != 0) {
        HttpServers.reply(exchange, 413, new Views.ErrorInfo(tooLarge(method, declared, submit)));
      } else if (submit) {
        submit(exchange);
      } else if (!method.equals("GET")) {
        HttpServers.reply(exchange, 405, new Views.ErrorInfo("method not allowed"));
      } else if (path.length == 1 && path[0].equals("status")) {
        HttpServers.reply(exchange, 200, status());
      } else if (path.length == 1 && path[0].equals("head")) {
        ChainState state = state();
        HttpServers.reply(exchange, 200, new Views.Head(state.height(), state.lastHash().toHex(),
            state.lastTimestamp()));
      } else if (path.length == 2 && path[0].equals("blocks") && path[1].equals("stream")) {
        stream(exchange);
      } else if (path.length == 2 && path[0].equals("blocks")) {
        found(exchange, node.replica().app().committed(number(path[1])).map(Views.BlockInfo::of), "block");
      } else if (path.length == 2 && path[0].equals("txs")) {
        found(exchange, node.replica().app().receipt(hash(path[1])).map(ApiViews::receipt), "receipt");
      } else if (path.length == 2 && path[0].equals("accounts")) {
        HttpServers.reply(exchange, 200, account(address(path[1])));
      } else if (path.length == 1 && path[0].equals("grants")) {
        HttpServers.reply(exchange, 200, state().grants().stream().map(ApiViews::grant).toList());
      } else if (path.length == 2 && path[0].equals("grants")) {
        found(exchange, state().grant(hash(path[1])).map(ApiViews::grant), "grant");
      } else if (path.length == 1 && path[0].equals("faults")) {
        String proxy = query(exchange, "proxy");
        if (proxy == null) {
          throw new IllegalArgumentException("give the proxy: /v1/faults?proxy=<address>");
        }
        HttpServers.reply(exchange, 200, state().faults(address(proxy)).stream().map(ApiViews::fault).toList());
      } else if (path.length == 2 && path[0].equals("owners")) {
        found(exchange, state().owner(address(path[1])).map(ApiViews::owner), "owner");
      } else if (path.length == 2 && path[0].equals("devices")) {
        found(exchange, state().device(path[1]).map(ApiViews::device), "device");
      } else if (path.length >= 3 && path[0].equals("resources")) {
        String version = query(exchange, "version");
        found(exchange, state().resource(address(path[1]), "/" + String.join("/", Arrays.copyOfRange(path, 2,
            path.length)), version == null ? 0 : number(version)).map(ApiViews::resource), "resource");
      } else if (path.length == 2 && path[0].equals("listings")) {
        found(exchange, state().listing(hash(path[1])).map(Views.ListingInfo::of), "listing");
      } else if (path.length == 2 && path[0].equals("orders")) {
        found(exchange, state().order(hash(path[1])).map(Views.OrderInfo::of), "order");
      } else if (path.length == 3 && path[0].equals("anchors")) {
        found(exchange, state().anchor(address(path[1]), hash(path[2])).map(ApiViews::anchor), "anchor");
      } else {
        HttpServers.reply(exchange, 404, new Views.ErrorInfo("no such route: " + exchange.getRequestURI().getPath()));
      }
    } catch (IllegalArgumentException e) {
      HttpServers.reply(exchange, 400, new Views.ErrorInfo(e.getMessage()));
    } catch (RuntimeException e) {
      HttpServers.reply(exchange, 500, new Views.ErrorInfo(String.valueOf(e.getMessage())));
    }
  }

  private ChainState state() {
    return node.replica().app().state();
  }

  /** The request's Content-Length; 0 if it has none, -1 if chunked (the length shows while reading). */
  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      return Long.parseLong(length); // the JDK server has refused a malformed one
    }
    return exchange.getRequestHeaders().containsKey("Transfer-Encoding") ? -1 : 0;
  }

  private static String tooLarge(String method, long length, boolean submit) {
    return submit ? "body of " + (length < 0 ? "more than " + MAX_SUBMIT_BODY : length) + " bytes; POST /v1/txs takes"
        + " at most " + MAX_SUBMIT_BODY + " (submit in smaller batches)" : method + " takes no body";
  }

  private void submit(HttpExchange exchange) throws IOException {
    try {
      if (!submits.tryAcquire(SUBMIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        HttpServers.reply(exchange, 503, new Views.ErrorInfo(MAX_SUBMITS + " submissions are being decoded, the"
            + " most this node takes at once, for " + SUBMIT_WAIT_SECONDS + " s; retry later"));
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the server is stopping
    }
    try {
      submitPermitted(exchange);
    } finally {
      submits.release();
    }
  }

  private void submitPermitted(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(MAX_SUBMIT_BODY + 1);
    if (body.length > MAX_SUBMIT_BODY) { // chunked: no length was declared
      HttpServers.reply(exchange, 413, new Views.ErrorInfo(tooLarge("POST", -1, true)));
      return;
    }
    Views.SubmitRequest request;
    try {
      request = JSON.readValue(body, Views.SubmitRequest.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("body must be {\"txs\": [\"<hex>\", ...]}");
    }
    if (request.txs() == null) {
      throw new IllegalArgumentException("body must be {\"txs\": [\"<hex>\", ...]}");
    }
    // Decoding recovers each sender: the costly part, spread over the cores.
    List<Object> parsed = request.txs().parallelStream().map(this::parse).toList();
    List<Views.SubmitResult> results = new ArrayList<>();
    List<Transaction> decoded = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (Object item : parsed) {
      if (item instanceof Transaction tx) {
        slots.add(results.size());
        decoded.add(tx);
        results.add(null);
      } else {
        results.add(new Views.SubmitResult(null, false, "malformed transaction: " + item));
      }
    }
    List<Verdict> verdicts = decoded.isEmpty() ? List.of() : node.submit(decoded);
    for (int i = 0; i < decoded.size(); i++) {
      results.set(slots.get(i), verdicts.get(i).ok() ? Views.SubmitResult.accepted(decoded.get(i))
          : new Views.SubmitResult(decoded.get(i).hash().toHex(), false, verdicts.get(i).reason()));
    }
    HttpServers.reply(exchange, 200, new Views.SubmitResponse(results));
  }

  /** The transaction, or the reason (a String) it is malformed. */
  private Object parse(String hex) {
    try {
      return Transaction.decode(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex), senders);
    } catch (CodecException | IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private Views.ChainStatus status() {
    ChainState state = state();
    Map<String, Long> reputation = new TreeMap<>();
    state.reputations().forEach((a, r) -> reputation.put(a.toHex(), r));
    return new Views.ChainStatus(node.address().toHex(), node.genesis().chainId(), state.height(),
        state.lastHash().toHex(), state.stateRoot().toHex(), state.termOf(state.height() + 1),
        state.committee().stream().map(Address::toHex).toList(),
        node.genesis().validators().stream().map(Address::toHex).toList(), reputation,
        node.replica().app().mempool().size(), node.describeConsensus());
  }

  private Views.AccountInfo account(Address address) {
    ChainState state = state();
    ChainState.Account account = state.account(address);
    return new Views.AccountInfo(address.toHex(), account.balance(), account.nonce(),
        state.deposit(address).orElse(null), state.reputations().get(address), state.faults(address).size());
  }

  /** Final blocks from {@code ?from=N} on as JSON lines, as they become final, until the client hangs up. */
  private void stream(HttpExchange exchange) throws IOException {
    if (!streams.tryAcquire()) {
      HttpServers.reply(exchange, 503, new Views.ErrorInfo(MAX_STREAMS
          + " block streams are open, the most this node serves; retry later"));
      return;
    }
    try {
      streamPermitted(exchange);
    } finally {
      streams.release();
    }
  }

  private void streamPermitted(HttpExchange exchange) throws IOException {
    String from = query(exchange, "from");
    long next = from != null ? number(from) : node.replica().app().height() + 1;
    exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        var block = node.replica().app().committed(next);
        if (block.isPresent()) {
          out.write(JSON.writeValueAsBytes(Views.BlockInfo.of(block.get())));
          out.write('\n');
          out.flush();
          next++;
        } else {
          synchronized (newBlock) {
            if (node.replica().app().height() < next) {
              newBlock.wait(1_000);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException clientGone) {
      // the client closed the stream
    }
  }

  /** The value of {@code ?name=value}, or null if the query does not give it. */
  private static String query(HttpExchange exchange, String name) {
    String query = Optional.ofNullable(exchange.getRequestURI().getQuery()).orElse("");
    return query.startsWith(name + "=") ? query.substring(name.length() + 1) : null;
  }

  private static <T> void found(HttpExchange exchange, Optional<T> value, String what) throws IOException {
    if (value.isPresent()) {
      HttpServers.reply(exchange, 200, value.get());
    } else {
      HttpServers.reply(exchange, 404, new Views.ErrorInfo("no such " + what));
    }
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a number");
    }
  }

  private static Hash hash(String text) {
    return Hash.fromHex(text);
  }

  private static Address address(String text) {
    try {
      return Address.fromHex(text);
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not an address: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

}
