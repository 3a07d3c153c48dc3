package io.cpchain.consensus.client;

import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.ListingTerms;
import io.cpchain.consensus.api.OrderRecord;
import io.cpchain.consensus.api.Transaction;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the HTTP API (see the module README), as records: the node writes them (its
 * {@code server.ApiViews} converts its state into them) and {@link ChainClient} reads them. Hashes
 * and addresses are 0x-hex strings.
 */
public final class Views {

  private Views() {}

  /** A final block; {@code encoded} is the hex of the block with its certificate, to verify independently. */
  public record BlockInfo(long height, String hash, String prevHash, int round, String proposer, long timestampMs,
      String txRoot, String stateRoot, List<String> txs, int qcRound, int qcSignatures, String encoded) {

    public static BlockInfo of(CommittedBlock committed) {
      var b = committed.block();
      var h = b.header();
      return new BlockInfo(h.height(), b.hash().toHex(), h.prevHash().toHex(), h.round(), h.proposer().toHex(),
          h.timestampMs(), h.txRoot().toHex(), h.stateRoot().toHex(), b.txs().stream().map(t -> t.hash().toHex())
          .toList(), committed.qc().round(), committed.qc().signatures().size(),
          HexFormat.of().formatHex(committed.encode()));
    }
  }

  /**
   * The newest final block a node has applied, as one snapshot of its state: what the node's other
   * answers are at least as new as. {@code timestampMs} is the block's (its proposer's clock).
   */
  public record Head(long height, String hash, long timestampMs) {}

  public record ReceiptInfo(String txHash, long height, int index, String status, String reason) {}

  /**
   * {@code deposit} is null for an account that is not an RNode; {@code reputation} likewise.
   * {@code faults}: the proven proxy faults of the account, ever.
   */
  public record AccountInfo(String address, long balance, long nonce, Long deposit, Long reputation, long faults) {}

  /** A proven proxy fault: what is wrong with the cfrag the proxy signed, and the block that recorded it. */
  public record FaultInfo(String grantId, long interval, String proxy, String defect, long height, String txHash) {}

  public record AnchorInfo(String merkleRoot, String dataset, long itemCount, long intervalStart, long intervalEnd,
      String submitter, long height, String txHash) {}

  /** A grant; {@code revokedHeight}/{@code revokedAtMs} are null unless revoked (times are block timestamps). */
  public record GrantInfo(String id, String dataset, String owner, String grantee, String purpose, long fromInterval,
      long toInterval, long expiresAtMs, int threshold, List<String> proxies, String kfragCommitment, long height,
      long grantedAtMs, Long revokedHeight, Long revokedAtMs) {

    public boolean revoked() {
      return revokedHeight != null;
    }
  }

  /** A registered owner's Umbral root public keys (0x-hex, 33 bytes), oldest first, each in force from its time on. */
  public record OwnerInfo(String address, List<RootKeyInfo> keys) {}

  public record RootKeyInfo(String rootKey, long effectiveFromMs, long height, String txHash) {}

  /**
   * A registered device: its owner (the first to register the id), its Ed25519 keys (0x-hex, 32
   * bytes), oldest first; {@code retiredHeight}/{@code retiredAtMs} null unless retired.
   */
  public record DeviceInfo(String deviceId, String owner, List<DeviceKeyInfo> keys, Long retiredHeight,
      Long retiredAtMs) {}

  /**
   * One device key: it verifies readings from {@code validFromMs} up to (excluding) {@code untilMs},
   * the earliest of its own {@code validToMs} (0: none), the next key's start and the retirement;
   * {@code untilMs} null if none of these is set.
   */
  public record DeviceKeyInfo(String publicKey, String keyId, long validFromMs, long validToMs, Long untilMs,
      long height, String txHash) {}

  /**
   * A registered OTP resource version ({@code Payload.RegisterResource}) and the block it is final in:
   * {@code uri} is its canonical otp:// name with the version, {@code contentRoot} the RFC 6962
   * root over its {@code chunkSize}-byte chunks.
   */
  public record ResourceInfo(String uri, String owner, String path, String kind, long version, List<String> locators,
      String contentRoot, long totalLength, int chunkSize, List<String> proxies, long height, long registeredAtMs,
      String txHash) {}

  /**
   * A market listing ({@code Payload.ListData}, its latest {@code Payload.UpdateListing}) and the blocks
   * it was listed, last updated and (if so) delisted in; {@code id} is the ListData transaction's hash.
   */
  public record ListingInfo(String id, String seller, String title, String description, List<String> tags,
      String category, String dataKind, List<String> otpUris, long price, String pricingModel, String licenceHash,
      List<String> sampleUris, long listedHeight, long listedAtMs, long updatedHeight, long updatedAtMs,
      Long delistedHeight) {

    public static ListingInfo of(ListingRecord l) {
      ListingTerms t = l.terms();
      return new ListingInfo(l.id().toHex(), l.seller().toHex(), t.title(), t.description(), t.tags(), t.category(),
          t.dataKind(), t.otpUris(), t.price(), t.pricingModel(), t.licenceHash().toHex(), t.sampleUris(),
          l.listedHeight(), l.listedAtMs(), l.updatedHeight(), l.updatedAtMs(),
          l.delisted() ? l.delistedHeight() : null);
    }
  }

  /**
   * A market order ({@code Payload.PlaceOrder} and what followed): {@code state} is {@code placed},
   * {@code accepted}, {@code confirmed}, {@code completed}, {@code cancelled} or {@code expired};
   * {@code escrowed} what the chain holds for it now; heights 0 (and times 0) for what did not happen.
   */
  public record OrderInfo(String id, String listingId, String buyer, String seller, long price, String licenceHash,
      long acceptByMs, long completeByMs, long deposit, String state, long escrowed, long placedHeight,
      long placedAtMs, long acceptedHeight, long acceptedAtMs, long closedHeight, long closedAtMs) {

    public static OrderInfo of(OrderRecord o) {
      return new OrderInfo(o.id().toHex(), o.listingId().toHex(), o.buyer().toHex(), o.seller().toHex(), o.price(),
          o.licenceHash().toHex(), o.acceptByMs(), o.completeByMs(), o.deposit(), o.state().label(), o.escrowed(),
          o.placedHeight(), o.placedAtMs(), o.acceptedHeight(), o.acceptedAtMs(), o.closedHeight(), o.closedAtMs());
    }
  }

  public record ChainStatus(String node, long chainId, long height, String lastHash, String stateRoot, long term,
      List<String> committee, List<String> validators, Map<String, Long> reputation, int mempool, String consensus) {}

  /** One per submitted transaction, in order: its hash if accepted, else why not. */
  public record SubmitResult(String hash, boolean accepted, String error) {
    public static SubmitResult accepted(Transaction tx) {
      return new SubmitResult(tx.hash().toHex(), true, null);
    }
  }

  public record SubmitRequest(List<String> txs) {}

  public record SubmitResponse(List<SubmitResult> results) {}

  public record ErrorInfo(String error) {}
}
