package io.cpchain.consensus.client;

import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Identities;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The owner and device registrations the chain accepted, block by block, from verified final
 * blocks ({@link BlockFollower}). A block holds its transactions but not their receipts (a
 * stranger's refused takeover is in the block too), so this replays the chain's own identity rules
 * ({@link Identities}) from block 1 and hands out only what they accepted. Each height once, in
 * order; {@link #position()} is the checkpoint, {@link #resume} goes on from one: it replays the
 * blocks before it without handing them out and refuses a chain whose block there is not the one
 * checkpointed. Not thread-safe.
 */
public final class RegistrationFollower {

  /** The identity transactions block {@code height} (of time {@code timestampMs}) accepted, in block order. */
  public record Registrations(long height, Hash blockHash, long timestampMs, List<Transaction> accepted) {

    public Registrations {
      accepted = List.copyOf(accepted);
    }
  }

  private final BlockFollower blocks;
  private final Identities identities = new Identities();
  private final BlockFollower.Position resumeAt;

  /** Follows from block 1. */
  public RegistrationFollower(BlockFollower.BlockSource source, ValidatorSet validators) {
    this(source, validators, null);
  }

  private RegistrationFollower(BlockFollower.BlockSource source, ValidatorSet validators,
      BlockFollower.Position resumeAt) {
    this.blocks = new BlockFollower(source, validators, BlockFollower.Position.start(1));
    this.resumeAt = resumeAt;
  }

  /**
   * Goes on at {@code saved} (a {@link #position()}): blocks before it are replayed, not handed out;
   * the last of them must have the saved hash (if one was saved).
   */
  public static RegistrationFollower resume(BlockFollower.BlockSource source, ValidatorSet validators,
      BlockFollower.Position saved) {
    return new RegistrationFollower(source, validators, saved.nextHeight() > 1 ? saved : null);
  }

  /** The registrations of the chain's final blocks of {@code client}'s node, from block 1. */
  public static RegistrationFollower of(ChainClient client, ValidatorSet validators) {
    return new RegistrationFollower(BlockFollower.source(client), validators);
  }

  /** The next block's accepted registrations (maybe none), or empty if the node has no next final block yet. */
  public Optional<Registrations> poll() {
    while (replaying()) {
      Optional<CommittedBlock> block = blocks.poll();
      if (block.isEmpty()) {
        return Optional.empty();
      }
      apply(block.get());
      long height = block.get().block().height();
      if (height == resumeAt.nextHeight() - 1 && resumeAt.lastHash() != null
          && !block.get().block().hash().equals(resumeAt.lastHash())) {
        throw new BlockFollower.UnverifiedBlockException(height, "it is not the block checkpointed ("
            + resumeAt.lastHash() + "), this is another chain");
      }
    }
    return blocks.poll().map(this::apply);
  }

  private boolean replaying() {
    return resumeAt != null && blocks.position().nextHeight() < resumeAt.nextHeight();
  }

  private Registrations apply(CommittedBlock committed) {
    BlockHeader header = committed.block().header();
    List<Transaction> accepted = new ArrayList<>();
    for (Transaction tx : committed.block().txs()) {
      if (Identities.handles(tx.payload()) && identities.apply(tx.sender(), tx.payload(), header.height(),
          header.timestampMs(), tx.hash()).ok()) {
        accepted.add(tx);
      }
    }
    return new Registrations(header.height(), committed.block().hash(), header.timestampMs(), accepted);
  }

  public BlockFollower.Position position() {
    return blocks.position();
  }

  /** The owners and devices as of the last block handed out (or replayed). */
  public Identities identities() {
    return identities.copy();
  }
}
