package io.cpchain.consensus.client;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that must not trust its node: an answer too long, or too slow, is an error, not a wait or an allocation. */
class ChainClientBoundsTest {

  private HttpServer node;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startNode() throws Exception {
    node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    node.createContext("/v1/blocks/1", exchange -> {
      byte[] body = ("{\"height\":1,\"encoded\":\"" + "00".repeat(4096) + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    node.createContext("/v1/blocks/2", exchange -> {
      try {
        release.await(); // never answers while the client waits
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    node.setExecutor(Executors.newCachedThreadPool());
    node.start();
  }

  @AfterEach
  void stopNode() {
    release.countDown();
    node.stop(0);
  }

  @Test
  void anAnswerLongerThanTheBoundIsRefused() {
    ChainClient client = new ChainClient(base(), Duration.ofSeconds(5), 1024);
    String message = assertThrows(UncheckedIOException.class, () -> client.block(1)).getMessage();
    assertTrue(message.contains("answered more than 1024 bytes"), message);
  }

  @Test
  void aNodeThatDoesNotAnswerTimesOut() {
    ChainClient client = new ChainClient(base(), Duration.ofMillis(300), 1024);
    long start = System.nanoTime();
    assertThrows(UncheckedIOException.class, () -> client.block(2));
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + node.getAddress().getPort());
  }
}
