package io.cpchain.consensus.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * An attacker on the path between a dialler and the node it dials: it accepts the dialler's
 * connections, opens one to the target for each, records every byte that passes towards the target
 * and may rewrite each chunk it reads before passing it on. Counts down {@link #relayedLinkEnded}
 * when a relayed connection ends, whichever side ended it.
 */
final class WireRelay implements AutoCloseable {

  /** Opens the relay's own connection to the target. */
  interface Upstream {
    Socket open(InetSocketAddress target) throws IOException;
  }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Upstream upstream;
  private final UnaryOperator<byte[]> towardsTarget;
  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  final CountDownLatch relayedLinkEnded = new CountDownLatch(1);
  private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Passes the TCP bytes on, through {@code towardsTarget}. */
  static WireRelay tcp(InetSocketAddress target, UnaryOperator<byte[]> towardsTarget) throws IOException {
    return new WireRelay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), target,
        t -> new Socket(t.getAddress(), t.getPort()), towardsTarget);
  }

  /**
   * Ends the dialler's TLS and opens its own to the target, each side with the attacker's certificate,
   * and passes on what is inside: what a man in the middle with a key of its own can do.
   */
  static WireRelay terminatingTls(InetSocketAddress target, PeerTls attacker) throws IOException {
    return new WireRelay(attacker.serverSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), target,
        t -> attacker.dial(t, 5_000), chunk -> chunk);
  }

  private WireRelay(ServerSocket server, InetSocketAddress target, Upstream upstream,
      UnaryOperator<byte[]> towardsTarget) {
    this.server = server;
    this.target = target;
    this.upstream = upstream;
    this.towardsTarget = towardsTarget;
    Thread accept = new Thread(this::acceptLoop, "relay-accept");
    accept.setDaemon(true);
    accept.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** Every byte the dialler sent towards the target so far, as it left the dialler. */
  synchronized byte[] seen() {
    return seen.toByteArray();
  }

  /** Ends every link relayed so far, both ways, as a network fault would; new ones still pass. */
  void resetLinks() {
    open.forEach(WireRelay::closeQuietly);
    open.clear();
  }

  private synchronized void record(byte[] chunk) {
    seen.writeBytes(chunk);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket dialler = server.accept();
        Socket toTarget = upstream.open(target);
        open.add(dialler);
        open.add(toTarget);
        pump(dialler.getInputStream(), toTarget.getOutputStream(), true, dialler, toTarget);
        pump(toTarget.getInputStream(), dialler.getOutputStream(), false, dialler, toTarget);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(InputStream in, OutputStream out, boolean toTarget, Socket a, Socket b) {
    Thread pump = new Thread(() -> {
      byte[] buffer = new byte[1 << 16];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          byte[] chunk = Arrays.copyOf(buffer, n);
          if (toTarget) {
            record(chunk);
            chunk = towardsTarget.apply(chunk);
          }
          out.write(chunk);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away: the link ends
      } finally {
        closeQuietly(a);
        closeQuietly(b);
        relayedLinkEnded.countDown();
      }
    }, toTarget ? "relay-to-target" : "relay-to-dialler");
    pump.setDaemon(true);
    pump.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
