package io.cpchain.sharing.protocol;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.seal.SealingPublicKey;
import io.cpchain.crypto.sign.Address;

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
