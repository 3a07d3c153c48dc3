package io.cpchain.consensus.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An attacker on the path between two validators, on loopback: node A is told that node B is at the
 * relay's address, and the relay passes A's connection on to B. The attacker reads nothing of what A
 * says, and what it changes or relays reaches B as nothing but A's own messages. (A stranger's key
 * dialling B: {@link PeerTransportITCase}.)
 */
class PeerLinkAttackITCase {

  private static final long MARKER = 0x5EC12E7_0A1B2C3DL;
  private static final long REWRITTEN = 0x0BAD_0BAD_0BAD_0BADL;

  /** Validator B on a free port, and validator A, told that B is at the relay's address; both started. */
  private static final class Validators implements AutoCloseable {
    final AccountPrivateKey a = AccountPrivateKey.generate();
    final BlockingQueue<PeerTransportITCase.Received> atB = new LinkedBlockingQueue<>();
    final PeerTransport ta;
    final PeerTransport tb;

    Validators(InetSocketAddress bAt, WireRelay relay) throws Exception {
      AccountPrivateKey b = AccountPrivateKey.generate();
      tb = new PeerTransport(b, 5, bAt, Map.of(a.publicKey().address(), PeerTransportITCase.free()),
          (f, m) -> atB.add(new PeerTransportITCase.Received(f, m)), SenderCache.NONE);
      ta = new PeerTransport(a, 5, PeerTransportITCase.free(), Map.of(b.publicKey().address(), relay.address()),
          (f, m) -> { }, SenderCache.NONE);
      tb.start();
      ta.start();
    }

    @Override
    public void close() {
      ta.close();
      tb.close();
    }
  }

  @Test
  void aPassiveRelayReadsNothingOfWhatValidatorsSay() throws Exception {
    InetSocketAddress bAt = PeerTransportITCase.free();
    try (WireRelay relay = WireRelay.tcp(bAt, chunk -> chunk); Validators v = new Validators(bAt, relay)) {
      v.ta.broadcast(new Message.SyncRequest(MARKER));
      PeerTransportITCase.Received got = v.atB.poll(15, TimeUnit.SECONDS);
      assertNotNull(got, "B heard from A through the relay");
      assertEquals(MARKER, ((Message.SyncRequest) got.message()).fromHeight());
      assertFalse(contains(relay.seen(), bytes(MARKER)),
          "the relay read the message A sent in the clear: " + relay.seen().length + " bytes seen");
    }
  }

  @Test
  void aRelayThatRewritesBytesChangesNothingThatBReceives() throws Exception {
    InetSocketAddress bAt = PeerTransportITCase.free();
    try (WireRelay relay = WireRelay.tcp(bAt, chunk -> replace(chunk, bytes(MARKER), bytes(REWRITTEN)));
        Validators v = new Validators(bAt, relay)) {
      v.ta.broadcast(new Message.SyncRequest(MARKER));
      PeerTransportITCase.Received got = v.atB.poll(15, TimeUnit.SECONDS);
      assertNotNull(got, "B heard from A through the relay");
      assertEquals(v.a.publicKey().address(), got.from());
      assertEquals(MARKER, ((Message.SyncRequest) got.message()).fromHeight(),
          "B took the relay's rewrite for A's message");
    }
  }

  /**
   * The attacker ends A's TLS with a certificate of its own and opens its own TLS to B, passing on
   * every byte inside, the handshake proofs included: neither validator takes the link, since each
   * proof signs the prover's own certificate, which is not the one the other side sees.
   */
  @Test
  void aManInTheMiddleWithItsOwnTlsKeyIsRefused() throws Exception {
    InetSocketAddress bAt = PeerTransportITCase.free();
    try (WireRelay mitm = WireRelay.terminatingTls(bAt, PeerTls.ephemeral()); Validators v = new Validators(bAt, mitm)) {
      v.ta.broadcast(new Message.SyncRequest(MARKER));
      assertTrue(mitm.relayedLinkEnded.await(15, TimeUnit.SECONDS), "the relayed link was ended");
      assertTrue(mitm.seen().length >= 4 + 8 + 32, "the relay carried A's handshake (else it tested nothing)");
      assertFalse(contains(mitm.seen(), bytes(MARKER)), "A sent a message through the man in the middle");
      assertNull(v.atB.poll(), "B took a message through the man in the middle");
    }
  }

  /**
   * Not an attack, the network's own fault: the links through the relay are reset and A redials
   * (the TLS session may be resumed); B must again take A's messages as A's, as the fault suite's
   * network-cut round expects. A frame written into a link just reset is lost (the transport drops
   * rather than stalls; consensus resends), so A sends until B has one.
   */
  @Test
  void aLinkResetOnTheWayIsReestablished() throws Exception {
    InetSocketAddress bAt = PeerTransportITCase.free();
    try (WireRelay relay = WireRelay.tcp(bAt, chunk -> chunk); Validators v = new Validators(bAt, relay)) {
      for (long height = 1; height <= 3; height++) {
        PeerTransportITCase.Received got = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (got == null && System.nanoTime() < deadline) {
          v.ta.broadcast(new Message.SyncRequest(height));
          got = v.atB.poll(250, TimeUnit.MILLISECONDS);
          if (got != null && ((Message.SyncRequest) got.message()).fromHeight() != height) {
            got = null; // one of the earlier height's, sent before the reset
          }
        }
        assertNotNull(got, "B heard from A after " + (height - 1) + " resets");
        assertEquals(v.a.publicKey().address(), got.from());
        relay.resetLinks();
      }
    }
  }

  static byte[] bytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    return indexOf(haystack, needle, 0) >= 0;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] replace(byte[] chunk, byte[] what, byte[] with) {
    byte[] out = chunk.clone();
    for (int i = indexOf(out, what, 0); i >= 0; i = indexOf(out, what, i + what.length)) {
      System.arraycopy(with, 0, out, i, with.length);
    }
    return out;
  }
}
