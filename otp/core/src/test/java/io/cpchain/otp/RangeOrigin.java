package io.cpchain.otp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP origin as an owner runs one: the JDK's HttpServer serving the files of a directory on a
 * free loopback port, answering single range requests ({@code Range: bytes=a-b}) with 206, a range
 * past the end with 416; {@code ignoringRanges} makes it one that answers every request whole (200).
 */
public final class RangeOrigin implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

  private final Path dir;
  private final HttpServer server;
  private volatile boolean ignoringRanges;

  public RangeOrigin(Path dir) throws IOException {
    this.dir = dir;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::serve);
    server.start();
  }

  /** The URL of {@code name} in the directory. */
  public URI url(String name) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  public void ignoreRanges() {
    ignoringRanges = true;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
      if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] bytes = Files.readAllBytes(file);
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher m = range == null ? null : RANGE.matcher(range);
      if (ignoringRanges || m == null || !m.matches()) {
        send(exchange, 200, bytes);
        return;
      }
      long from = Long.parseLong(m.group(1));
      long to = Math.min(Long.parseLong(m.group(2)), bytes.length - 1L);
      if (from >= bytes.length || to < from) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + bytes.length);
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
      send(exchange, 206, Arrays.copyOfRange(bytes, (int) from, (int) to + 1));
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
