package io.cpchain.sharing.protocol;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.seal.SealingPublicKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;

/**
 * The bytes each party signs with its chain account key, each under its own domain string so a
 * signature for one purpose never passes for another.
 */
public final class SignedRequests {

  private SignedRequests() {}

  /** The grantee's request for one interval: the grant, the exact manifest, and when (replays go stale). */
  public static byte[] reencrypt(Hash grantId, byte[] manifest, long requestedAtMs) {
    return new Encoder().string("cpchain-reencrypt-request-v1").hash(grantId).hash(Hash.keccak(manifest))
        .i64(requestedAtMs).toBytes();
  }

  /** The grantee's wait for a grant's intervals after {@code afterMs}, and when (replays go stale). */
  public static byte[] live(Hash grantId, long afterMs, long requestedAtMs) {
    return new Encoder().string("cpchain-live-request-v1").hash(grantId).i64(afterMs).i64(requestedAtMs).toBytes();
  }

  /**
   * The owner's delivery of one proxy's kfrags: for this grant and this proxy only, these exact terms
   * and sealed kfrags (epoch by epoch), so a delivery cannot be replayed to another proxy or grant.
   */
  public static byte[] kfragDelivery(Hash grantId, Address proxy, byte[] terms, List<Messages.SealedKfrag> kfrags) {
    Encoder out = new Encoder().string("cpchain-kfrag-delivery-v1").hash(grantId).address(proxy)
        .hash(Hash.keccak(terms)).i32(kfrags.size());
    for (Messages.SealedKfrag kfrag : kfrags) {
      out.i64(kfrag.epoch()).bytes(Hex.parse(kfrag.sealed(), "sealed kfrag"));
    }
    return out.toBytes();
  }

  /** A proxy vouches for its sealing key, so an owner seals kfrags to the proxy the chain knows. */
  public static byte[] sealingKey(SealingPublicKey key) {
    return new Encoder().string("cpchain-proxy-sealing-key-v1").raw(key.toBytes()).toBytes();
  }

  /** The HPKE associated data of a sealed kfrag: it opens only for this grant, epoch and proxy. */
  public static byte[] kfragAad(Hash grantId, long epoch, Address proxy) {
    return new Encoder().hash(grantId).i64(epoch).address(proxy).toBytes();
  }

  /** The HPKE info string of sealed kfrags. */
  public static final byte[] KFRAG_INFO = "cpchain-kfrag-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
