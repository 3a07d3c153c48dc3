package io.cpchain.consensus.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback: configured peers exchange messages; a node with another key is refused. */
class PeerTransportITCase {

  record Received(Address from, Message message) {}

  @Test
  void peersAuthenticateByNodeKeyAndStrangersAreRefused() throws Exception {
    AccountPrivateKey a = AccountPrivateKey.generate();
    AccountPrivateKey b = AccountPrivateKey.generate();
    AccountPrivateKey stranger = AccountPrivateKey.generate();
    InetSocketAddress aAt = free();
    InetSocketAddress bAt = free();
    InetSocketAddress strangerAt = free();
    BlockingQueue<Received> atA = new LinkedBlockingQueue<>();
    BlockingQueue<Received> atB = new LinkedBlockingQueue<>();
    Address aAddress = a.publicKey().address();
    Address bAddress = b.publicKey().address();
    try (PeerTransport ta = new PeerTransport(a, 5, aAt, Map.of(bAddress, bAt), (f, m) -> atA.add(new Received(f, m)),
        SenderCache.NONE);
        PeerTransport tb = new PeerTransport(b, 5, bAt, Map.of(aAddress, aAt), (f, m) -> atB.add(new Received(f, m)),
            SenderCache.NONE);
        // claims to be A by dialling B with A's address configured for B, but holds another key
        PeerTransport impostor = new PeerTransport(stranger, 5, strangerAt, Map.of(bAddress, bAt), (f, m) -> { },
            SenderCache.NONE)) {
      ta.start();
      tb.start();
      impostor.start();
      ta.broadcast(new Message.SyncRequest(11));
      tb.send(aAddress, new Message.SyncRequest(22));
      impostor.broadcast(new Message.SyncRequest(99));

      Received fromA = atB.poll(10, TimeUnit.SECONDS);
      assertEquals(aAddress, fromA.from());
      assertEquals(11, ((Message.SyncRequest) fromA.message()).fromHeight());
      Received fromB = atA.poll(10, TimeUnit.SECONDS);
      assertEquals(bAddress, fromB.from());
      assertEquals(22, ((Message.SyncRequest) fromB.message()).fromHeight());

      Thread.sleep(1_000);
      List<Received> more = new java.util.ArrayList<>();
      atB.drainTo(more);
      assertTrue(more.stream().noneMatch(r -> r.message() instanceof Message.SyncRequest s && s.fromHeight() == 99),
          "B refused the connection of a key that is not one of its peers");
    }
  }

  /**
   * Strangers open hundreds of connections to a node's peer port and never finish the handshake:
   * the node keeps a bounded number of them (one thread each), and its configured peers still connect.
   */
  @Test
  void aConnectionFloodIsCappedAndPeersStillConnect() throws Exception {
    AccountPrivateKey a = AccountPrivateKey.generate();
    AccountPrivateKey b = AccountPrivateKey.generate();
    InetSocketAddress aAt = free();
    InetSocketAddress bAt = free();
    BlockingQueue<Received> atB = new LinkedBlockingQueue<>();
    List<Socket> flood = new ArrayList<>();
    try (PeerTransport tb = new PeerTransport(b, 5, bAt, Map.of(a.publicKey().address(), aAt),
        (f, m) -> atB.add(new Received(f, m)), SenderCache.NONE)) {
      tb.start();
      for (int i = 0; i < 300; i++) {
        flood.add(new Socket(bAt.getAddress(), bAt.getPort()));
      }
      long readers = awaitStable(() -> threadsNamed("p2p-read"));
      assertTrue(readers <= PeerTransport.MAX_PENDING_HANDSHAKES,
          readers + " reader threads for 300 connections that never authenticated");
      try (PeerTransport ta = new PeerTransport(a, 5, aAt, Map.of(b.publicKey().address(), bAt), (f, m) -> { },
          SenderCache.NONE)) {
        ta.start();
        ta.broadcast(new Message.SyncRequest(33));
        Received fromA = atB.poll(15, TimeUnit.SECONDS);
        assertTrue(fromA != null && ((Message.SyncRequest) fromA.message()).fromHeight() == 33,
            "the configured peer got through the flood");
      }
    } finally {
      for (Socket s : flood) {
        s.close();
      }
    }
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  /** The value once two reads 200 ms apart agree (the accept loop has caught up with the connects). */
  private static long awaitStable(java.util.function.LongSupplier value) throws InterruptedException {
    long last = -1;
    for (int i = 0; i < 50; i++) {
      long now = value.getAsLong();
      if (now == last) {
        return now;
      }
      last = now;
      Thread.sleep(200);
    }
    return last;
  }

  static InetSocketAddress free() throws Exception {
    try (ServerSocket probe = new ServerSocket(0)) {
      return new InetSocketAddress("127.0.0.1", probe.getLocalPort());
    }
  }
}
