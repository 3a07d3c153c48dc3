package io.cpchain.consensus.server;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A {@code host:port} from a node process's config file (where it listens, its peers). */
public final class HostPort {

  private HostPort() {}

  /** {@code what} names the setting in the one-line error, e.g. {@code "listen"}. */
  public static InetSocketAddress parse(Path file, String what, String value) {
    int colon = value.lastIndexOf(':');
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(value.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + what + " '" + value + "' is not host:port");
    }
  }
}
