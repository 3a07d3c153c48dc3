package io.cpchain.consensus.client;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import java.time.Duration;
import java.util.Optional;

/**
 * Follows the chain's final blocks from a height, trusting no node: each block is handed out only
 * if its quorum certificate verifies against the validator set given at genesis, it extends the
 * block handed out before it (its prevHash), and its transactions are those its header commits to
 * (txRoot; the certificate signs the header only). Each height is handed out exactly once, in
 * order; {@link #position()} is what to checkpoint to go on after a restore without a gap or a
 * repeat. A block that fails a check is refused with {@link UnverifiedBlockException} and the
 * follower stays at that height (a later poll asks again, maybe another node).
 *
 * <p>The validator set is fixed at genesis: no transaction changes it (see the module README), so
 * the set given here is the one every block is checked against. Should validator changes become
 * transactions, the follower must apply each one from the committed block that makes it, before
 * checking the next block.
 *
 * <p>Not thread-safe: one reader polls it.
 */
public final class BlockFollower {

  /** Where the blocks come from; empty if the node has no final block at that height yet. */
  public interface BlockSource {
    Optional<CommittedBlock> block(long height) throws CodecException;
  }

  /**
   * The next height to hand out and the hash of the block before it; {@code lastHash} null at a
   * start, when the first block is taken on its certificate alone.
   */
  public record Position(long nextHeight, Hash lastHash) {

    public Position {
      if (nextHeight < 1) {
        throw new IllegalArgumentException("blocks start at height 1, not " + nextHeight);
      }
    }

    public static Position start(long fromHeight) {
      return new Position(fromHeight, null);
    }
  }

  /** A block a node served that is not a final block of this chain, or not the next one. */
  public static final class UnverifiedBlockException extends RuntimeException {
    UnverifiedBlockException(long height, String reason) {
      super("block " + height + " refused: " + reason);
    }
  }

  private final BlockSource source;
  private final ValidatorSet validators;
  private Position position;

  public BlockFollower(BlockSource source, ValidatorSet validators, Position from) {
    this.source = source;
    this.validators = validators;
    this.position = from;
  }

  /** Follows the final blocks of the node {@code client} talks to. */
  public static BlockFollower of(ChainClient client, ValidatorSet validators, Position from) {
    return new BlockFollower(source(client), validators, from);
  }

  /** The final blocks of the node {@code client} talks to, as its API serves them (unverified). */
  public static BlockSource source(ChainClient client) {
    return height -> {
      Optional<Views.BlockInfo> block = client.block(height);
      return block.isPresent() ? Optional.of(ChainClient.decode(block.get())) : Optional.empty();
    };
  }

  public Position position() {
    return position;
  }

  /**
   * The next block if the node has it final, verified; empty if not yet. Throws
   * {@link UnverifiedBlockException} (and stays at this height) if it does not verify.
   */
  public Optional<CommittedBlock> poll() {
    long height = position.nextHeight();
    Optional<CommittedBlock> served;
    try {
      served = source.block(height);
    } catch (CodecException e) {
      throw new UnverifiedBlockException(height, "it does not decode: " + e.getMessage());
    }
    if (served.isEmpty()) {
      return Optional.empty();
    }
    CommittedBlock committed = served.get();
    verify(height, committed);
    position = new Position(height + 1, committed.block().hash());
    return served;
  }

  /** Polls every {@code pollInterval} until the next block is final; throws if none within {@code timeout}. */
  public CommittedBlock next(Duration timeout, Duration pollInterval) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<CommittedBlock> block = poll();
      if (block.isPresent()) {
        return block.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no final block " + position.nextHeight() + " within " + timeout);
      }
      Thread.sleep(pollInterval.toMillis());
    }
  }

  private void verify(long height, CommittedBlock committed) {
    Block block = committed.block();
    if (block.height() != height) {
      throw new UnverifiedBlockException(height, "the node sent block " + block.height());
    }
    Verdict certified = committed.qc().verify(block.hash(), height, validators);
    if (!certified.ok()) {
      throw new UnverifiedBlockException(height, certified.reason());
    }
    if (block.header().chainId() != validators.chainId()) {
      throw new UnverifiedBlockException(height, "its header is for chain " + block.header().chainId());
    }
    Hash last = position.lastHash();
    if (last != null && !block.header().prevHash().equals(last)) {
      throw new UnverifiedBlockException(height, "it does not extend block " + (height - 1) + " (prevHash "
          + block.header().prevHash() + ", block " + (height - 1) + " is " + last + ")");
    }
    if (!Block.txRoot(block.txs()).equals(block.header().txRoot())) {
      throw new UnverifiedBlockException(height, "its transactions are not the ones its header commits to (txRoot)");
    }
  }
}
