package io.cpchain.consensus.transport;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.consensus.core.Network;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Node-to-node messages over mutual TLS 1.3 ({@link PeerTls}) on loopback or a LAN. Each node dials
 * every peer and sends only on the connections it dialled; it receives on the ones it accepted.
 * Inside TLS a connection starts with a mutual handshake: both sides prove their node key by signing
 * the other's fresh 32-byte challenge with the chain id, a role label and the SHA-256 of their own
 * TLS certificate, which the verifier checks against the certificate it saw, so the proof holds only
 * for this TLS session. The dialler keeps the link only if the acceptor proves the key it dialled, the
 * acceptor only if the dialler's address is one of its configured peers. Then frames:
 * {@code length i32 | message}, encrypted and authenticated by TLS.
 *
 * <p>Decoding, which recovers transaction senders, runs on each connection's reader thread, so it
 * spreads over cores; decoded messages go to {@code inbound}.
 *
 * <p>Anyone can connect to the peer port, so what a connection gets before it proves a peer's key
 * is bounded: at most {@link #MAX_PENDING_HANDSHAKES} connections handshake at once (more are
 * closed at once and counted), each within {@link #HANDSHAKE_MS} in all; an authenticated peer has
 * one connection (a new one replaces the old: the peer restarted or redialled).
 */
public final class PeerTransport implements Network, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(PeerTransport.class.getName());
  private static final int MAGIC = 0x43504348; // "CPCH"
  private static final int MAX_FRAME = 64 << 20;
  private static final int QUEUE = 20_000;
  /** Unauthenticated connections at once, each a thread until it proves a key or its time is up. */
  public static final int MAX_PENDING_HANDSHAKES = 16;
  static final long HANDSHAKE_MS = 5_000;

  private final AccountPrivateKey key;
  private final Address self;
  private final long chainId;
  private final InetSocketAddress listen;
  private final Map<Address, InetSocketAddress> peers;
  private final BiConsumer<Address, Message> inbound;
  private final SenderCache senders;
  private final Map<Address, BlockingQueue<byte[]>> outboxes = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final PeerTls tls = PeerTls.ephemeral();
  private final java.util.Set<Socket> accepted = ConcurrentHashMap.newKeySet();
  private final Map<Address, Socket> authenticated = new ConcurrentHashMap<>();
  private final java.util.concurrent.Semaphore handshakes = new java.util.concurrent.Semaphore(MAX_PENDING_HANDSHAKES);
  private final java.util.concurrent.atomic.AtomicLong refusedConnections = new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "p2p-handshake-deadline");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;
  private SSLServerSocket server;

  public PeerTransport(AccountPrivateKey key, long chainId, InetSocketAddress listen,
      Map<Address, InetSocketAddress> peers, BiConsumer<Address, Message> inbound, SenderCache senders) {
    this.key = key;
    this.self = key.publicKey().address();
    this.chainId = chainId;
    this.listen = listen;
    this.peers = Map.copyOf(peers);
    this.inbound = inbound;
    this.senders = senders;
    peers.keySet().forEach(p -> outboxes.put(p, new ArrayBlockingQueue<>(QUEUE)));
  }

  public void start() throws IOException {
    server = tls.serverSocket(listen);
    daemon("p2p-accept", this::acceptLoop);
    peers.forEach((peer, address) -> daemon("p2p-dial-" + peer.toHex().substring(0, 8), () -> dialLoop(peer, address)));
  }

  @Override
  public void broadcast(Message message) {
    byte[] frame = Message.encode(message);
    outboxes.keySet().forEach(peer -> enqueue(peer, frame));
  }

  @Override
  public void send(Address peer, Message message) {
    if (outboxes.containsKey(peer)) {
      enqueue(peer, Message.encode(message));
    }
  }

  private void enqueue(Address peer, byte[] frame) {
    // A peer that is down or slow loses messages rather than stalling consensus; votes are relayed
    // and blocks synced, so nothing is lost for good.
    outboxes.get(peer).offer(frame);
  }

  // ------------------------------------------------------------------ dialling side

  private void dialLoop(Address peer, InetSocketAddress address) {
    long backoff = 50;
    while (!closed) {
      try (SSLSocket socket = tls.dial(address, (int) HANDSHAKE_MS)) {
        socket.setTcpNoDelay(true);
        byte[] theirCertificate = PeerTls.peerCertificateHash(socket.getSession());
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        byte[] myChallenge = challenge();
        out.writeInt(MAGIC);
        out.writeLong(chainId);
        out.write(myChallenge);
        out.flush();
        byte[] theirChallenge = in.readNBytes(32);
        RecoverableSignature theirProof = readSignature(in);
        if (!peer.equals(recover(theirProof, "acceptor", myChallenge, theirCertificate))) {
          throw new IOException("peer at " + address + " is not " + peer + " on this TLS session");
        }
        writeSignature(out, prove("dialler", theirChallenge));
        out.flush();
        socket.setSoTimeout(0); // from here the dialler only writes
        backoff = 50;
        BlockingQueue<byte[]> outbox = outboxes.get(peer);
        while (!closed) {
          byte[] frame = outbox.poll(200, TimeUnit.MILLISECONDS);
          if (frame == null) {
            continue;
          }
          out.writeInt(frame.length);
          out.write(frame);
          while ((frame = outbox.poll()) != null) { // batch what is queued into one flush
            out.writeInt(frame.length);
            out.write(frame);
          }
          out.flush();
        }
      } catch (IOException e) {
        sleep(backoff);
        backoff = Math.min(backoff * 2, 1_000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  // ------------------------------------------------------------------ accepting side

  private void acceptLoop() {
    while (!closed) {
      try {
        SSLSocket socket = (SSLSocket) server.accept();
        if (!handshakes.tryAcquire()) {
          refusedConnections.incrementAndGet();
          socket.close(); // a flood of connections: a configured peer redials
          continue;
        }
        accepted.add(socket);
        daemon("p2p-read", () -> readLoop(socket));
      } catch (IOException e) {
        if (!closed) {
          LOG.warning("accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void readLoop(SSLSocket socket) {
    Address peer = null;
    boolean handshaking = true;
    ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(socket), HANDSHAKE_MS, TimeUnit.MILLISECONDS);
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout((int) HANDSHAKE_MS);
      socket.startHandshake(); // here, not in the accept loop: a stalled TLS handshake holds only this thread
      byte[] theirCertificate = PeerTls.peerCertificateHash(socket.getSession());
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      if (in.readInt() != MAGIC || in.readLong() != chainId) {
        return;
      }
      byte[] theirChallenge = in.readNBytes(32);
      byte[] myChallenge = challenge();
      out.write(myChallenge);
      writeSignature(out, prove("acceptor", theirChallenge));
      out.flush();
      peer = recover(readSignature(in), "dialler", myChallenge, theirCertificate);
      if (peer == null || !peers.containsKey(peer)) {
        LOG.warning("refused a connection from " + socket.getRemoteSocketAddress() + ": not a configured peer");
        return;
      }
      if (!deadline.cancel(false)) {
        return; // the deadline closed it
      }
      handshaking = false;
      handshakes.release();
      Socket previous = authenticated.put(peer, socket);
      if (previous != null) {
        closeQuietly(previous);
      }
      socket.setSoTimeout(0);
      while (!closed) {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
          throw new IOException("frame of " + length + " bytes");
        }
        byte[] frame = in.readNBytes(length);
        try {
          inbound.accept(peer, Message.decode(frame, senders));
        } catch (CodecException e) {
          LOG.warning("malformed message from " + peer + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      // the peer went away; it dials again
    } finally {
      deadline.cancel(false);
      if (handshaking) {
        handshakes.release();
      }
      if (peer != null) {
        authenticated.remove(peer, socket);
      }
      accepted.remove(socket);
    }
  }

  /** Connections closed at once because {@link #MAX_PENDING_HANDSHAKES} were already handshaking. */
  public long refusedConnections() {
    return refusedConnections.get();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  // ------------------------------------------------------------------ handshake

  private byte[] challenge() {
    byte[] challenge = new byte[32];
    random.nextBytes(challenge);
    return challenge;
  }

  private byte[] proofBytes(String role, byte[] challenge, byte[] proverCertificate) {
    return new Encoder().raw(("cpchain/p2p/v2/" + role).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .i64(chainId).raw(challenge).raw(proverCertificate).toBytes();
  }

  private RecoverableSignature prove(String role, byte[] challenge) {
    return key.sign(proofBytes(role, challenge, tls.certificateHash()));
  }

  /** The key that signed {@code proof} on a session whose other side presented {@code theirCertificate}. */
  private Address recover(RecoverableSignature proof, String role, byte[] challenge, byte[] theirCertificate) {
    try {
      return proof.recover(proofBytes(role, challenge, theirCertificate)).address();
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  private static void writeSignature(DataOutputStream out, RecoverableSignature signature) throws IOException {
    out.write(signature.toBytes());
  }

  private static RecoverableSignature readSignature(DataInputStream in) throws IOException {
    byte[] bytes = in.readNBytes(65);
    try {
      return RecoverableSignature.fromBytes(bytes);
    } catch (CryptoFormatException e) {
      throw new IOException("bad handshake signature: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ lifecycle

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Address self() {
    return self;
  }

  public List<Address> peers() {
    return List.copyOf(peers.keySet());
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    accepted.forEach(PeerTransport::closeQuietly); // ends their reader threads
    deadlines.shutdownNow();
    outboxes.values().forEach(q -> q.clear());
  }
}
