package io.cpchain.cli.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault suite's relay on real loopback sockets: it forwards both ways, a cut drops every link and refuses new ones, heal forwards again. */
class TcpRelayTest {

  private static final int BOUND_MS = 5_000; // every blocking read or accept here ends within this

  private ServerSocket target;
  private TcpRelay relay;

  @BeforeEach
  void start() throws IOException {
    target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    target.setSoTimeout(BOUND_MS);
    relay = TcpRelay.start("test", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        (InetSocketAddress) target.getLocalSocketAddress(), 4);
  }

  @AfterEach
  void stop() throws IOException {
    relay.close();
    target.close();
  }

  @Test
  void forwardsBytesBothWaysAndPassesOnAnOrderlyClose() throws Exception {
    try (Socket client = dial(); Socket server = target.accept()) {
      server.setSoTimeout(BOUND_MS);
      byte[] up = random(3 * TcpRelay.BUFFER + 17, 1); // several buffers' worth, each way at once
      byte[] down = random(2 * TcpRelay.BUFFER + 5, 2);
      CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> write(client, up));
      CompletableFuture<Void> replying = CompletableFuture.runAsync(() -> write(server, down));
      assertArrayEquals(up, server.getInputStream().readNBytes(up.length));
      assertArrayEquals(down, client.getInputStream().readNBytes(down.length));
      sending.join();
      replying.join();
      assertEquals(1, relay.openConnections());

      client.shutdownOutput();
      assertEquals(-1, server.getInputStream().read(), "the dialler's end of stream reaches the target");
      server.getOutputStream().write("last".getBytes(StandardCharsets.US_ASCII));
      server.shutdownOutput();
      assertEquals("last", new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void aCutClosesOpenConnectionsBothWaysRefusesNewOnesAndHealForwardsAgain() throws Exception {
    try (Socket client = dial(); Socket server = target.accept()) {
      server.setSoTimeout(BOUND_MS);
      client.getOutputStream().write(7);
      assertEquals(7, server.getInputStream().read());

      relay.cut();
      assertEquals(0, relay.openConnections());
      assertTrue(ended(client), "the dialler's connection is closed by the cut");
      assertTrue(ended(server), "the target's connection is closed by the cut");
    }
    assertTrue(refused(), "a connection during the cut is closed at once");
    assertEquals(0, relay.openConnections());
    target.setSoTimeout(200);
    assertThrows(SocketTimeoutException.class, target::accept, "nothing reaches the target during the cut");
    target.setSoTimeout(BOUND_MS);

    relay.heal();
    try (Socket client = dial(); Socket server = target.accept()) {
      server.setSoTimeout(BOUND_MS);
      client.getOutputStream().write(8);
      assertEquals(8, server.getInputStream().read());
      server.getOutputStream().write(9);
      assertEquals(9, client.getInputStream().read());
    }
  }

  @Test
  void connectionsBeyondTheBoundAreRefused() throws Exception {
    Socket[] clients = new Socket[4];
    Socket[] servers = new Socket[4];
    try {
      for (int i = 0; i < 4; i++) {
        clients[i] = dial();
        servers[i] = target.accept();
      }
      assertTrue(refused(), "a fifth connection to a relay bounded at 4 is closed at once");
      assertEquals(4, relay.openConnections());
    } finally {
      for (int i = 0; i < 4; i++) {
        if (clients[i] != null) {
          clients[i].close();
        }
        if (servers[i] != null) {
          servers[i].close();
        }
      }
    }
  }

  private Socket dial() throws IOException {
    Socket socket = new Socket();
    socket.connect(relay.address(), BOUND_MS);
    socket.setSoTimeout(BOUND_MS);
    return socket;
  }

  /** Whether a new connection is reset: while connecting (the reset came first) or at its first read. */
  private boolean refused() throws IOException {
    Socket socket;
    try {
      socket = dial();
    } catch (IOException reset) {
      return true;
    }
    try (socket) {
      return ended(socket);
    }
  }

  /** Whether the connection was closed under the reader: end of stream or a reset, not silence. */
  private static boolean ended(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static void write(Socket socket, byte[] bytes) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
