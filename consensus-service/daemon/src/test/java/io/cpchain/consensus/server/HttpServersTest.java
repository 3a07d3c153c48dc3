package io.cpchain.consensus.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A limited server over loopback sockets: body caps, the connection cap, and one set of limits per process. */
class HttpServersTest {

  private static final HttpServers.Limits LIMITS = new HttpServers.Limits(4, Duration.ofSeconds(2),
      Duration.ofSeconds(2), Duration.ofSeconds(5));
  private static final int MAX_BODY = 1024;

  private final HttpServer server;

  HttpServersTest() throws IOException {
    server = HttpServers.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), LIMITS, "test-http");
    server.createContext("/echo", exchange -> {
      try (exchange) {
        try {
          HttpServers.reply(exchange, 200, Map.of("length", HttpServers.body(exchange, MAX_BODY).length));
        } catch (HttpServers.BodyTooLarge e) {
          HttpServers.reply(exchange, 413, Map.of("error", e.getMessage()));
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    HttpServers.stop(server);
  }

  @Test
  void aBodyWithinItsCapIsReadAndALargerOneRefusedOnItsDeclaredLength() throws IOException {
    try (Socket socket = connect()) {
      String answer = exchange(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n"
          + "x".repeat(1024));
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    }
    try (Socket socket = connect()) {
      // 1 GiB announced, nothing of it sent: the answer cannot have waited for it
      String answer = exchange(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1073741824\r\n\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }
  }

  @Test
  void aChunkedBodyIsCutOffOneByteAfterItsCap() throws IOException {
    try (Socket socket = connect()) {
      String chunk = "x".repeat(MAX_BODY + 1);
      String answer = exchange(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
          + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    }
  }

  @Test
  void connectionsOverTheCapAreClosedAndASilentOneIsDroppedInTime() throws IOException {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < LIMITS.maxConnections(); i++) {
        held.add(connect());
      }
      // the server has accepted the four once one of them is answered
      assertTrue(exchange(held.get(0), "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n").startsWith("HTTP/1.1 200"));
      try (Socket over = connect()) {
        over.setSoTimeout(5_000);
        assertEquals(-1, readUntilClosed(over.getInputStream()), "a fifth connection is closed as it is accepted");
      }
      Socket silent = held.get(1);
      silent.setSoTimeout(10_000);
      long start = System.nanoTime();
      assertEquals(-1, readUntilClosed(silent.getInputStream()), "a connection that sends nothing is closed");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms < 4_000, "within the request timeout and a timer tick: " + ms + " ms");
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void aProcessRunsItsServersWithOneSetOfLimits() throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    IllegalStateException other = assertThrows(IllegalStateException.class, () -> HttpServers.create(any,
        new HttpServers.Limits(8, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5)), "other"));
    assertTrue(other.getMessage().contains("once per process"), other.getMessage());
    assertThrows(IllegalStateException.class, () -> HttpServers.create(any));
    HttpServers.stop(HttpServers.create(any, LIMITS, "same"));
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    socket.setSoTimeout(5_000);
    return socket;
  }

  /** Sends {@code request} and reads the status line and headers of the answer. */
  private static String exchange(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private static int readUntilClosed(InputStream in) throws IOException {
    try {
      while (in.read() != -1) {
        // whatever the server wrote before closing
      }
      return -1;
    } catch (SocketException reset) {
      return -1;
    }
  }
}
