package io.cpchain.sharing.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.server.HttpServers;
import io.cpchain.sharing.grant.Delegation;
import io.cpchain.sharing.protocol.Messages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The proxy's HTTP/1.1 JSON API (routes in the module README) over {@link ProxyService}: a refusal
 * is its status code and {@code {"error": "..."}}, malformed JSON a 400, a body larger than its
 * route takes a 413 (refused on its declared length, before it is read).
 */
final class ProxyServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What clients can hold: 256 connections (and so threads) in all, 10 s to send a request (headers and
   * body), 10 s to be answered, 30 s idle. A legitimate request is a few KB (a delivery at most a few
   * MB) from a near client, answered in milliseconds.
   */
  static final HttpServers.Limits LIMITS = new HttpServers.Limits(256, Duration.ofSeconds(10), Duration.ofSeconds(10),
      Duration.ofSeconds(30));
  /** A kfrag delivery: the terms and one sealed kfrag per epoch, both in hex, and the JSON around them. */
  static final int MAX_KFRAGS_BODY = 2 * Payload.MAX_TERMS
      + Delegation.MAX_EPOCHS * (2 * ProxyService.MAX_SEALED_KFRAG + 64) + 4096;
  /** A re-encryption request: one manifest in hex, and the JSON around it. */
  static final int MAX_REENCRYPT_BODY = 2 * ProxyService.MAX_MANIFEST + 4096;
  /** A live request: a grant id, a cursor, a time and a signature. */
  static final int MAX_LIVE_BODY = 4096;
  /** An announcement: one manifest and its receipt in hex, and the JSON around them. */
  static final int MAX_ANCHORED_BODY = 2 * (ProxyService.MAX_MANIFEST + ProxyService.MAX_RECEIPT) + 4096;

  private final ProxyService service;
  private final HttpServer server;

  ProxyServer(ProxyService service, InetSocketAddress address) throws IOException {
    this.service = service;
    this.server = HttpServers.create(address, LIMITS, "proxy-http");
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
          service.accept(body(exchange, MAX_KFRAGS_BODY, Messages.KfragDelivery.class));
          HttpServers.reply(exchange, 200, service.info());
        } else if (method.equals("POST") && path.length == 1 && path[0].equals("reencrypt")) {
          HttpServers.reply(exchange, 200, service.reencrypt(body(exchange, MAX_REENCRYPT_BODY,
              Messages.ReencryptRequest.class)));
        } else if (method.equals("POST") && path.length == 1 && path[0].equals("live")) {
          HttpServers.reply(exchange, 200, service.live(body(exchange, MAX_LIVE_BODY, Messages.LiveRequest.class)));
        } else if (method.equals("POST") && path.length == 1 && path[0].equals("anchored")) {
          boolean fresh = service.announce(body(exchange, MAX_ANCHORED_BODY, Messages.Anchored.class));
          HttpServers.reply(exchange, 200, new Messages.Announced(fresh));
        } else {
          HttpServers.reply(exchange, 404,
              new Messages.Error("no such route: " + method + " " + exchange.getRequestURI()));
        }
      } catch (ProxyRefusal e) {
        HttpServers.reply(exchange, e.status(), new Messages.Error(e.getMessage()));
      } catch (HttpServers.BodyTooLarge e) {
        // the rest of the body stays unread: the connection is closed, not kept alive
        exchange.getResponseHeaders().set("Connection", "close");
        HttpServers.reply(exchange, 413, new Messages.Error(e.getMessage()));
      } catch (IllegalArgumentException e) {
        HttpServers.reply(exchange, 400, new Messages.Error(e.getMessage()));
      } catch (RuntimeException e) {
        HttpServers.reply(exchange, 500, new Messages.Error(String.valueOf(e.getMessage())));
      }
    }
  }

  private static <T> T body(HttpExchange exchange, int maxBytes, Class<T> type) throws ProxyRefusal, IOException {
    byte[] body = HttpServers.body(exchange, maxBytes);
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new ProxyRefusal(400, "the body is not a " + type.getSimpleName() + " document");
    }
  }

  @Override
  public void close() {
    HttpServers.stop(server);
  }
}
