package io.cpchain.cli.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;

/**
 * A TCP relay on loopback, as Toxiproxy runs one: every connection accepted on its address is forwarded
 * to one target, bytes both ways, until {@link #cut}; then it closes every open connection (both ends)
 * and resets each new one at once, until {@link #heal}. A cut link looks to both ends like a network
 * that drops them: the processes themselves are untouched. Bounded: at most {@code maxConnections} at
 * once (more are reset), one {@link #BUFFER}-byte buffer per direction of each.
 */
final class TcpRelay implements AutoCloseable {

  static final int BUFFER = 64 << 10;
  private static final int CONNECT_TIMEOUT_MS = 2_000;

  private final String name;
  private final InetSocketAddress target;
  private final int maxConnections;
  private final ServerSocket server;
  /** Guards {@link #open} and {@link #cut}: a connection is either registered before a cut (and closed by it) or refused. */
  private final Object lock = new Object();
  private final Set<Link> open = new HashSet<>();
  private boolean cut;
  private volatile boolean closed;

  /** One relayed connection: the socket a dialler opened to the relay, and the relay's own to the target. */
  private static final class Link {
    final Socket client;
    final Socket upstream = new Socket();
    /** Directions that reached an orderly end of stream; at 2 both sockets are closed. */
    int ended;

    Link(Socket client) {
      this.client = client;
    }
  }

  private TcpRelay(String name, ServerSocket server, InetSocketAddress target, int maxConnections) {
    this.name = name;
    this.server = server;
    this.target = target;
    this.maxConnections = maxConnections;
  }

  /** Listens on {@code listen} (port 0: any free port, see {@link #address}) and forwards to {@code target}. */
  static TcpRelay start(String name, InetSocketAddress listen, InetSocketAddress target, int maxConnections)
      throws IOException {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("a relay needs room for at least one connection");
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    try {
      server.bind(listen);
    } catch (IOException e) {
      server.close();
      throw new IOException("relay " + name + " cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    TcpRelay relay = new TcpRelay(name, server, target, maxConnections);
    daemon(name + "-accept", relay::acceptLoop);
    return relay;
  }

  /** Where the relay listens. */
  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  String name() {
    return name;
  }

  /** Closes every open connection, both ends, and resets new ones until {@link #heal}. */
  void cut() {
    synchronized (lock) {
      cut = true;
      open.forEach(link -> {
        reset(link.client);
        reset(link.upstream);
      });
      open.clear();
    }
  }

  /** Forwards new connections again (the ends redial: what a cut closed stays closed). */
  void heal() {
    synchronized (lock) {
      cut = false;
    }
  }

  /** Connections open through the relay. */
  int openConnections() {
    synchronized (lock) {
      return open.size();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Link link = admit(client);
      if (link == null) {
        reset(client);
      } else {
        daemon(name + "-connect", () -> connect(link));
      }
    }
  }

  private Link admit(Socket client) {
    synchronized (lock) {
      if (cut || open.size() >= maxConnections) {
        return null;
      }
      Link link = new Link(client);
      open.add(link);
      return link;
    }
  }

  private void connect(Link link) {
    try {
      link.upstream.connect(target, CONNECT_TIMEOUT_MS); // a cut meanwhile closes the socket: connect fails
      link.client.setTcpNoDelay(true);
      link.upstream.setTcpNoDelay(true);
    } catch (IOException e) {
      release(link);
      return;
    }
    daemon(name + "-up", () -> pump(link, link.client, link.upstream));
    daemon(name + "-down", () -> pump(link, link.upstream, link.client));
  }

  /**
   * Copies {@code from} to {@code to}. An orderly end of stream is passed on as one (a half-close), and
   * the link is closed once both directions ended; an error on either end closes it at once.
   */
  private void pump(Link link, Socket from, Socket to) {
    byte[] buffer = new byte[BUFFER];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      to.shutdownOutput();
      synchronized (lock) {
        if (++link.ended < 2) {
          return;
        }
        open.remove(link);
      }
      closeQuietly(link.client); // orderly: what is still queued for either end is delivered
      closeQuietly(link.upstream);
    } catch (IOException e) {
      release(link); // an end was reset, or the cut closed the link
    }
  }

  private void release(Link link) {
    synchronized (lock) {
      open.remove(link);
    }
    reset(link.client);
    reset(link.upstream);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** Closes with an RST (linger 0), as a dropped link looks to its ends, rather than an orderly FIN. */
  private static void reset(Socket socket) {
    try {
      if (!socket.isClosed()) {
        socket.setSoLinger(true, 0);
      }
    } catch (SocketException ignored) {
      // closing anyway
    }
    closeQuietly(socket);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cut();
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
