package io.cpchain.cli.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs of consecutive free loopback ports for the servers a test starts (a stack's services take a
 * base port and count upwards). A run is never handed out twice in one JVM, even before its server
 * has bound it.
 */
public final class FreePorts {

  private static final List<int[]> CHOSEN = new ArrayList<>();
  private static final Random RANDOM = new Random();

  private FreePorts() {}

  /** The first of {@code count} consecutive ports that are free now. */
  public static synchronized int range(int count) {
    while (true) {
      int base = 20_000 + RANDOM.nextInt(20_000);
      boolean free = CHOSEN.stream().noneMatch(r -> base < r[0] + r[1] && r[0] < base + count);
      for (int port = base; port < base + count && free; port++) {
        free = isFree(port);
      }
      if (free) {
        CHOSEN.add(new int[] {base, count});
        return base;
      }
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }
}
