package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;

/**
 * A market listing as the chain holds it: its id (the hash of the ListData transaction), its
 * seller, its current terms, the block it was listed in ({@code listedHeight}, of time
 * {@code listedAtMs}), the block of its latest terms ({@code updatedHeight}, {@code updatedAtMs}; the
 * listing's own at first) and, once delisted, the block that took it off ({@code delistedHeight}, 0
 * while listed). Immutable; an update or a delisting makes a new record.
 */
public record ListingRecord(Hash id, Address seller, ListingTerms terms, long listedHeight, long listedAtMs,
    long updatedHeight, long updatedAtMs, long delistedHeight) {

  public boolean delisted() {
    return delistedHeight != 0;
  }

  ListingRecord updated(ListingTerms newTerms, long height, long timeMs) {
    return new ListingRecord(id, seller, newTerms, listedHeight, listedAtMs, height, timeMs, 0);
  }

  ListingRecord delistedAt(long height) {
    return new ListingRecord(id, seller, terms, listedHeight, listedAtMs, updatedHeight, updatedAtMs, height);
  }

  /** Its canonical encoding, a leaf of the state root. */
  public byte[] leaf() {
    Encoder out = new Encoder().u8('l').hash(id).address(seller);
    terms.write(out);
    return out.i64(listedHeight).i64(listedAtMs).i64(updatedHeight).i64(updatedAtMs).i64(delistedHeight).toBytes();
  }
}
