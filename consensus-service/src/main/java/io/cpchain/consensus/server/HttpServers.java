package io.cpchain.consensus.server;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK's HTTP server as the node processes (chain API, proxies) use it. */
public final class HttpServers {

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
}
