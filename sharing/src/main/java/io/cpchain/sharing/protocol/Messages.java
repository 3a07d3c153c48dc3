package io.cpchain.sharing.protocol;

import java.util.List;

/**
 * The JSON documents between owners, grantees and proxies (HTTP/1.1, see the module README). Bytes
 * are lower-case hex, hashes and addresses 0x-hex.
 */
public final class Messages {

  private Messages() {}

  /** Who a proxy is: its chain address and the X25519 key kfrags are sealed to, signed by that address. */
  public record ProxyInfo(String address, String sealingKey, String signature) {}

  /** One epoch's kfrag, sealed to the proxy (HPKE; the AAD binds grant, epoch and proxy). */
  public record SealedKfrag(long epoch, String sealed) {}

  /**
   * What the owner delivers to one proxy: the grant's public terms and that proxy's sealed kfrags,
   * signed by the grant's owner (its chain account key) over {@code SignedRequests.kfragDelivery}.
   */
  public record KfragDelivery(String grantId, String terms, List<SealedKfrag> kfrags, String signature) {

    /** The same delivery without its signature: what an identical re-delivery is compared on. */
    public KfragDelivery unsigned() {
      return new KfragDelivery(grantId, terms, kfrags, null);
    }
  }

  /** The grantee asks for one interval: the published manifest (signed by the pipeline), signed by the grantee. */
  public record ReencryptRequest(String grantId, String manifest, long requestedAtMs, String signature) {}

  /** A proxy's answer: the capsule it re-encrypted and the cfrag, signed by the proxy (see {@code ProxyResponse}). */
  public record ReencryptResponse(String grantId, long interval, String capsule, String cfrag, String signature) {}

  /** The public terms a grant's kfrags were made under ({@code SharingTerms}, hex). */
  public record Terms(String grantId, String terms) {}

  public record Held(List<String> grants) {}

  /**
   * What a proxy has done since it started: re-encryptions made (cfrags returned), and the CPU time
   * its process has used for everything (requests, chain reads, receipts, GC), so a benchmark can
   * count re-encryptions per proxy core whatever else shares the machine.
   */
  public record ProxyStats(long reencryptions, long processCpuNanos) {}

  public record Error(String error) {}
}
