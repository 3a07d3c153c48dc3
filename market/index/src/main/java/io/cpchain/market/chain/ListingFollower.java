package io.cpchain.market.chain;

import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ListingRecord;
import io.cpchain.consensus.api.Listings;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.market.index.ListingIndex;
import java.io.IOException;
import java.util.Optional;

/**
 * Keeps a {@link ListingIndex} to the chain: final blocks from block 1, each verified by
 * {@link BlockFollower} (its quorum certificate against the genesis validators, its parent, its
 * transactions), their listing transactions replayed through the chain's own rules
 * ({@link Listings}: a block carries no receipts, so a refused update is in it too), what those
 * accept put into or removed from the index, which is then published as of that block. Nothing
 * but the blocks goes in: two followers of the same chain hold the same index. Not thread-safe:
 * one thread steps it.
 */
public final class ListingFollower {

  private final BlockFollower blocks;
  private final Listings listings = new Listings();
  private final ListingIndex index;

  public ListingFollower(BlockFollower.BlockSource source, ValidatorSet validators, ListingIndex index) {
    this.blocks = new BlockFollower(source, validators, BlockFollower.Position.start(1));
    this.index = index;
  }

  /**
   * Applies the next final block if the node has it (true), else false. A block that does not
   * verify throws {@link BlockFollower.UnverifiedBlockException} and is asked for again next time.
   */
  public boolean step() throws IOException {
    Optional<CommittedBlock> next = blocks.poll();
    if (next.isEmpty()) {
      return false;
    }
    BlockHeader header = next.get().block().header();
    for (Transaction tx : next.get().block().txs()) {
      Payload payload = tx.payload();
      if (Listings.handles(payload) && listings.apply(tx.sender(), payload, header.height(), header.timestampMs(),
          tx.hash()).ok()) {
        ListingRecord listing = listings.listing(listingId(tx)).orElseThrow();
        if (listing.delisted()) {
          index.remove(listing.id().toHex());
        } else {
          index.put(listing);
        }
      }
    }
    index.publish(header.height());
    return true;
  }

  /** The height of the last block applied (0 before the first). */
  public long height() {
    return blocks.position().nextHeight() - 1;
  }

  /** A listing as the chain holds it, delisted ones too, as of the last block applied. */
  public Optional<ListingRecord> listing(Hash id) {
    return listings.listing(id);
  }

  private static Hash listingId(Transaction tx) {
    if (tx.payload() instanceof Payload.UpdateListing u) {
      return u.listingId();
    } else if (tx.payload() instanceof Payload.Delist d) {
      return d.listingId();
    }
    return tx.hash();
  }
}
