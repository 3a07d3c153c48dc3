package io.cpchain.consensus.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The JDK's HTTP server as the node processes (chain API, proxies) use it. */
public final class HttpServers {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a server lets its clients hold, so slow or many clients cannot stop it serving others.
   *
   * @param maxConnections connections open at once (more are closed as they are accepted); also the
   *     server's threads, so each connection has one and a slow client holds only its own
   * @param requestTimeout from a request's first byte until its body is read (headers and body)
   * @param responseTimeout from then until the response is written (the handler's work included)
   * @param idleTimeout a kept-alive connection without a request (and a new one that sends nothing, at
   *     most {@code requestTimeout})
   * A connection over its time is closed (checked every second), which also frees its thread.
   */
  public record Limits(int maxConnections, Duration requestTimeout, Duration responseTimeout, Duration idleTimeout) {

    public Limits {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1");
      }
      for (Duration timeout : new Duration[] {requestTimeout, responseTimeout, idleTimeout}) {
        if (timeout.toSeconds() < 1 || timeout.toMillis() % 1000 != 0) {
          throw new IllegalArgumentException("HTTP timeouts are whole seconds, at least 1: " + timeout);
        }
      }
    }
  }

  /** A request body larger than its endpoint takes: answer 413. */
  public static final class BodyTooLarge extends IOException {
    public BodyTooLarge(long max) {
      super("the body is larger than the " + max + " bytes this endpoint takes");
    }
  }

  /**
   * The limits every server in this process runs with, once one is made ({@code null}: the JDK's
   * defaults). The JDK reads its connection cap and timeouts from system properties, once per process,
   * when its first server is made: every server of one process must ask for the same (a chain node and
   * a proxy are separate processes).
   */
  private static boolean configured;
  private static Limits processLimits;

  private HttpServers() {}

  /** A server without limits (the JDK's defaults: no timeouts, no connection cap); the caller sets its executor. */
  public static HttpServer create(InetSocketAddress address) throws IOException {
    configureProcess(null);
    return HttpServer.create(address, 256);
  }

  /**
   * A server with {@code limits}, on its own bounded pool of threads named {@code threadName}; stop it
   * with {@link #stop}. A process whose servers already run with other limits (or none) refuses.
   */
  public static HttpServer create(InetSocketAddress address, Limits limits, String threadName) throws IOException {
    configureProcess(Objects.requireNonNull(limits));
    HttpServer server = HttpServer.create(address, 256);
    // One thread per connection at most: the cap on connections bounds the threads, and no connection
    // waits for another's slow client.
    ThreadPoolExecutor threads = new ThreadPoolExecutor(0, limits.maxConnections(), 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, threadName);
          t.setDaemon(true);
          return t;
        });
    server.setExecutor(threads);
    return server;
  }

  /** Stops a server made by {@link #create(InetSocketAddress, Limits, String)} and its threads. */
  public static void stop(HttpServer server) {
    server.stop(0);
    if (server.getExecutor() instanceof ExecutorService threads) {
      threads.shutdownNow();
    }
  }

  /**
   * Nagle's algorithm off, and the limits as the JDK's properties. The JDK reads them once, before
   * its first server in the JVM; left on, Nagle makes a response written as headers then body wait for
   * the client's delayed ACK, about 40 ms per request on loopback.
   */
  private static synchronized void configureProcess(Limits limits) {
    if (configured) {
      if (!Objects.equals(processLimits, limits)) {
        throw new IllegalStateException("this process's HTTP servers run with " + describe(processLimits)
            + "; the JDK takes them once per process, so a server with " + describe(limits) + " cannot start here");
      }
      return;
    }
    System.setProperty("sun.net.httpserver.nodelay", "true");
    if (limits != null) {
      System.setProperty("jdk.httpserver.maxConnections", String.valueOf(limits.maxConnections()));
      System.setProperty("sun.net.httpserver.maxReqTime", String.valueOf(limits.requestTimeout().toSeconds()));
      System.setProperty("sun.net.httpserver.maxRspTime", String.valueOf(limits.responseTimeout().toSeconds()));
      System.setProperty("sun.net.httpserver.idleInterval", String.valueOf(limits.idleTimeout().toSeconds()));
      // idle and never-used connections are looked at every second (the JDK's default is every 10 s)
      System.setProperty("sun.net.httpserver.clockTick", "1000");
    }
    configured = true;
    processLimits = limits;
  }

  private static String describe(Limits limits) {
    return limits == null ? "no limits" : limits.toString();
  }

  /**
   * The request body, at most {@code maxBytes}: a larger declared length is refused before any of it
   * is read, a larger chunked body once {@code maxBytes} + 1 are.
   */
  public static byte[] body(HttpExchange exchange, int maxBytes) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && Long.parseLong(declared.strip()) > maxBytes) {
      throw new BodyTooLarge(maxBytes);
    }
    // Read by hand: readNBytes asks for 0 bytes once it has them all, and a chunked stream then waits for
    // the next chunk's header, which a client over the cap need never send.
    InputStream in = exchange.getRequestBody();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 << 10];
    for (int n; (n = in.read(buffer, 0, Math.min(buffer.length, maxBytes + 1 - body.size()))) != -1; ) {
      body.write(buffer, 0, n);
      if (body.size() > maxBytes) {
        throw new BodyTooLarge(maxBytes);
      }
    }
    return body.toByteArray();
  }

  /** Answers with {@code body} as JSON. */
  public static void reply(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
