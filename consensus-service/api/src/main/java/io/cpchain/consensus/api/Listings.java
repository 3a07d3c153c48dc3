package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import io.cpchain.otp.uri.OtpUri;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The market's listing rules and the listings they accepted: a seller lists only its own otp://
 * names, and only the seller updates or delists its listing; a delisted listing stays delisted.
 * Deterministic and here, in the api, for the reason {@link Identities} is: a block carries its
 * transactions, not their receipts, so a Market server that follows final blocks replays exactly
 * these rules to know which listings the chain accepted. The chain's state holds one, so does
 * each Market server. Not thread-safe.
 */
public final class Listings {

  private final HashMap<Hash, ListingRecord> listings;

  public Listings() {
    this.listings = new HashMap<>();
  }

  private Listings(Listings other) {
    this.listings = new HashMap<>(other.listings); // records are immutable
  }

  public Listings copy() {
    return new Listings(this);
  }

  /** Whether {@code payload} is one of the listing transactions {@link #apply} executes. */
  public static boolean handles(Payload payload) {
    return payload instanceof Payload.ListData || payload instanceof Payload.UpdateListing
        || payload instanceof Payload.Delist;
  }

  /**
   * Executes a listing transaction {@code txHash} of {@code sender} in the block at {@code height} of
   * time {@code blockTimeMs}: OK and recorded, or refused with the reason and nothing changed.
   */
  public Verdict apply(Address sender, Payload payload, long height, long blockTimeMs, Hash txHash) {
    if (payload instanceof Payload.ListData l) {
      Verdict own = ownNames(sender, l.terms());
      if (own.ok()) {
        listings.put(txHash, new ListingRecord(txHash, sender, l.terms(), height, blockTimeMs, height, blockTimeMs,
            0));
      }
      return own;
    } else if (payload instanceof Payload.UpdateListing u) {
      Verdict mine = bySeller(sender, u.listingId(), "update");
      Verdict verdict = mine.ok() ? ownNames(sender, u.terms()) : mine;
      if (verdict.ok()) {
        listings.put(u.listingId(), listings.get(u.listingId()).updated(u.terms(), height, blockTimeMs));
      }
      return verdict;
    } else if (payload instanceof Payload.Delist d) {
      Verdict mine = bySeller(sender, d.listingId(), "delist");
      if (mine.ok()) {
        listings.put(d.listingId(), listings.get(d.listingId()).delistedAt(height));
      }
      return mine;
    }
    throw new IllegalArgumentException("not a listing transaction: " + payload.getClass().getSimpleName());
  }

  public Optional<ListingRecord> listing(Hash id) {
    return Optional.ofNullable(listings.get(id));
  }

  /** The canonical encodings of every listing, delisted ones too: leaves of the chain's state root. */
  public List<byte[]> leaves() {
    List<byte[]> leaves = new ArrayList<>(listings.size());
    listings.values().forEach(l -> leaves.add(l.leaf()));
    return leaves;
  }

  /** A seller sells only what is named under its own address: the names it lists and the samples it shows. */
  private static Verdict ownNames(Address sender, ListingTerms terms) {
    for (OtpUri name : terms.names()) {
      if (!name.owner().equals(sender)) {
        return Verdict.refused(name + " belongs to " + name.owner() + "; the seller " + sender
            + " lists only names under its own address");
      }
    }
    return Verdict.OK;
  }

  private Verdict bySeller(Address sender, Hash id, String action) {
    ListingRecord known = listings.get(id);
    if (known == null) {
      return Verdict.refused("no listing " + id);
    }
    if (!known.seller().equals(sender)) {
      return Verdict.refused("listing " + id + " belongs to seller " + known.seller() + "; only its seller may "
          + action + " it");
    }
    return Verdict.check(!known.delisted(), "listing " + id + " was delisted at height " + known.delistedHeight()
        + "; a delisting is final");
  }
}
