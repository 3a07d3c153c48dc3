package io.cpchain.consensus.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** The JDK's HTTP server as the node processes (chain API, proxies) use it. */
public final class HttpServers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpServers() {}

  /**
   * A server on {@code address} with Nagle's algorithm off. The JDK reads that setting once, before
   * its first server in the JVM; left on, a response written as headers then body waits for the
   * client's delayed ACK, about 40 ms per request on loopback.
   */
  public static HttpServer create(InetSocketAddress address) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    return HttpServer.create(address, 256);
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
