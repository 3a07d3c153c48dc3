package io.cpchain.jobs.source;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.RegistrationFollower;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetcher thread's side of {@link ChainIdentitySource}: polls a {@link RegistrationFollower}
 * for final blocks, at most {@code maxBlocksPerFetch} per fetch, and maps each block's accepted
 * identity transactions to records. Waits {@code pollInterval} when the chain has no new final
 * block; when a node cannot be reached, answers with an error, or serves a block that does not
 * verify, it moves to the next node and waits, doubling the wait up to {@code retryMax}. The first
 * time a node has no next final block, the reader has caught up with the chain: it hands on
 * {@link ChainIdentityEvents#caughtUp}'s records.
 */
final class ChainBlockReader<T> implements SplitReader<ChainBlockReader.Block<T>, ChainSplit> {

  /** One final block: its height and hash (the split's next position) and the records it made. */
  record Block<T>(long height, Hash hash, List<T> records) {}

  private static final Logger LOG = LoggerFactory.getLogger(ChainBlockReader.class);

  private final ChainIdentitySource.Settings settings;
  private final ChainIdentityEvents<T> events;
  private final ValidatorSet validators;
  private final List<ChainClient> nodes = new ArrayList<>();
  private final Object wake = new Object();
  private boolean wokenUp;
  private int node;
  private Duration retryDelay;
  private RegistrationFollower follower;
  private boolean caughtUp;

  ChainBlockReader(ChainIdentitySource.Settings settings, ChainIdentityEvents<T> events) {
    this.settings = settings;
    this.events = events;
    this.validators = settings.validatorSet();
    for (URI uri : settings.nodes()) {
      nodes.add(new ChainClient(uri, settings.requestTimeout(), (int) settings.maxBlockBytes()));
    }
    this.retryDelay = settings.pollInterval();
  }

  @Override
  public RecordsWithSplitIds<Block<T>> fetch() {
    RecordsBySplits.Builder<Block<T>> out = new RecordsBySplits.Builder<>();
    if (follower == null) {
      pause(settings.pollInterval());
      return out.build();
    }
    int fetched = 0;
    try {
      while (fetched < settings.maxBlocksPerFetch()) {
        Optional<RegistrationFollower.Registrations> next = follower.poll();
        if (next.isEmpty()) {
          if (!caughtUp) {
            caughtUp = true;
            BlockFollower.Position position = follower.position();
            LOG.info("caught up with the chain at block {}", position.nextHeight() - 1);
            out.add(ChainSplit.ID, new Block<>(position.nextHeight() - 1, position.lastHash(),
                events.caughtUp(position.nextHeight() - 1)));
          }
          break;
        }
        RegistrationFollower.Registrations block = next.get();
        List<T> records = block.accepted().isEmpty() ? List.of() : events.of(block, follower.identities());
        out.add(ChainSplit.ID, new Block<>(block.height(), block.blockHash(), records));
        fetched++;
      }
      retryDelay = settings.pollInterval();
      if (fetched == 0) {
        pause(settings.pollInterval());
      }
    } catch (UncheckedIOException | IllegalArgumentException | BlockFollower.UnverifiedBlockException e) {
      // IllegalArgumentException: the node answered with an error status.
      URI failed = nodes.get(node).base();
      node = (node + 1) % nodes.size();
      LOG.warn("chain node {} at block {}: {}; trying {} in {} ms{}", failed, follower.position().nextHeight(),
          e.getMessage(), nodes.get(node).base(), retryDelay.toMillis(),
          caughtUp ? "" : " (not caught up with the chain yet)");
      if (fetched == 0) {
        pause(retryDelay);
        retryDelay = retryDelay.multipliedBy(2).compareTo(settings.retryMax()) > 0
            ? settings.retryMax() : retryDelay.multipliedBy(2);
      }
    }
    return out.build();
  }

  /** The final block at {@code height} of the node read now, as it served it (the follower verifies it). */
  private Optional<CommittedBlock> block(long height) throws CodecException {
    return BlockFollower.source(nodes.get(node)).block(height);
  }

  @Override
  public void handleSplitsChanges(SplitsChange<ChainSplit> change) {
    if (!(change instanceof SplitsAddition<ChainSplit> addition)) {
      throw new UnsupportedOperationException("the chain split is never removed: " + change);
    }
    for (ChainSplit split : addition.splits()) {
      if (follower != null) {
        throw new IllegalStateException("a second chain split: " + split);
      }
      follower = RegistrationFollower.resume(this::block, validators, split.position());
    }
  }

  @Override
  public void wakeUp() {
    synchronized (wake) {
      wokenUp = true;
      wake.notifyAll();
    }
  }

  /** Waits {@code delay}, or less if {@link #wakeUp} is called. */
  private void pause(Duration delay) {
    synchronized (wake) {
      long deadline = System.nanoTime() + delay.toNanos();
      try {
        while (!wokenUp && System.nanoTime() < deadline) {
          wake.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      wokenUp = false;
    }
  }

  @Override
  public void close() {}
}
