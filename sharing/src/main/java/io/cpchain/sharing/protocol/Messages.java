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
   * A grantee waits for the grant's intervals anchored after {@code afterMs} (an interval start; the
   * last one it has, or {@code Long.MIN_VALUE}), signed by the grantee over {@code SignedRequests.live}.
   */
  public record LiveRequest(String grantId, long afterMs, long requestedAtMs, String signature) {}

  /**
   * What a live request is answered with: the grant's intervals newer than {@code afterMs} the proxy
   * has seen anchored, oldest first (none: a heartbeat, ask again), and {@code end} once the grant
   * stopped ({@code revoked}, {@code expired}; null while it lasts).
   */
  public record Live(String grantId, List<LiveInterval> intervals, String end) {}

  /**
   * One interval anchored in a final block: the manifest as published and its {@code AnchorReceipt}
   * (Avro single-object encoding, hex), so the grantee checks it against the chain itself and fetches
   * it through the re-encryption route; {@code blockTimestampMs} is when the anchor became final.
   */
  public record LiveInterval(String deviceId, long intervalStartMs, long intervalEndMs, String manifest,
      String receipt, long blockHeight, long blockTimestampMs) {}

  /** An anchored manifest for the proxy to announce: anyone may send one, the proxy checks both on its chain. */
  public record Anchored(String manifest, String receipt) {}

  /** A proxy took an announcement: {@code fresh} false if it had that interval already. */
  public record Announced(boolean fresh) {}

  /**
   * What a proxy has done since it started: re-encryptions made (cfrags returned), and the CPU time
   * its process has used for everything (requests, chain reads, receipts, GC), so a benchmark can
   * count re-encryptions per proxy core whatever else shares the machine.
   */
  public record ProxyStats(long reencryptions, long processCpuNanos) {}

  public record Error(String error) {}
}
