package io.cpchain.sharing.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.server.HttpServers;
import io.cpchain.sharing.protocol.Messages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The proxy's HTTP/1.1 JSON API (routes in the module README) over {@link ProxyService}: a refusal
 * is its status code and {@code {"error": "..."}}, malformed JSON a 400.
 */
final class ProxyServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 8 << 20;

  private final ProxyService service;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "proxy-http");
    t.setDaemon(true);
    return t;
  });

  ProxyServer(ProxyService service, InetSocketAddress address) throws IOException {
    this.service = service;
    this.server = HttpServers.create(address);
    server.setExecutor(threads);
    server.createContext("/v1/", this::route);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().substring(4).split("/");
      String method = exchange.getRequestMethod();
      try {
        if (method.equals("GET") && path.length == 1 && path[0].equals("info")) {
          HttpServers.reply(exchange, 200, service.info());
        } else if (method.equals("GET") && path.length == 1 && path[0].equals("stats")) {
          HttpServers.reply(exchange, 200, service.stats());
        } else if (method.equals("GET") && path.length == 1 && path[0].equals("grants")) {
          HttpServers.reply(exchange, 200,
              new Messages.Held(service.held().stream().map(Hash::toHex).sorted().toList()));
        } else if (method.equals("GET") && path.length == 3 && path[0].equals("grants") && path[2].equals("terms")) {
          HttpServers.reply(exchange, 200, service.terms(ProxyService.grantId(path[1])));
        } else if (method.equals("POST") && path.length == 1 && path[0].equals("kfrags")) {
          service.accept(body(exchange, Messages.KfragDelivery.class));
          HttpServers.reply(exchange, 200, service.info());
        } else if (method.equals("POST") && path.length == 1 && path[0].equals("reencrypt")) {
          HttpServers.reply(exchange, 200, service.reencrypt(body(exchange, Messages.ReencryptRequest.class)));
        } else {
          HttpServers.reply(exchange, 404,
              new Messages.Error("no such route: " + method + " " + exchange.getRequestURI()));
        }
      } catch (ProxyRefusal e) {
        HttpServers.reply(exchange, e.status(), new Messages.Error(e.getMessage()));
      } catch (IllegalArgumentException e) {
        HttpServers.reply(exchange, 400, new Messages.Error(e.getMessage()));
      } catch (RuntimeException e) {
        HttpServers.reply(exchange, 500, new Messages.Error(String.valueOf(e.getMessage())));
      }
    }
  }

  private static <T> T body(HttpExchange exchange, Class<T> type) throws ProxyRefusal {
    try {
      return JSON.readValue(exchange.getRequestBody().readNBytes(MAX_BODY), type);
    } catch (IOException e) {
      throw new ProxyRefusal(400, "the body is not a " + type.getSimpleName() + " document");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
