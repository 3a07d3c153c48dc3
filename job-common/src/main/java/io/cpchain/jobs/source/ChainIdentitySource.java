package io.cpchain.jobs.source;

import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.BlockFollower;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The identity transactions the chain accepted, from final blocks whose quorum certificates verify
 * against the genesis validators ({@code RegistrationFollower}), turned into a job's records by
 * {@link ChainIdentityEvents}. One split, the chain, whose position (the next height) is
 * checkpointed: a restored job goes on exactly once by height. A node that is down or serves a
 * block that does not verify is not the job's failure: the reader tries the next node and waits,
 * backing off up to {@code retryMax}. Run it with parallelism 1.
 */
public final class ChainIdentitySource<T>
    implements Source<T, ChainSplit, List<ChainSplit>>, ResultTypeQueryable<T> {

  /**
   * Where the chain is and what bounds reading it: each request's timeout and answer size (a block
   * is one answer), how many blocks one fetch hands on, how often to ask for the next block, and the
   * longest wait between retries while no node answers.
   */
  public record Settings(List<URI> nodes, long chainId, List<String> validators, Duration requestTimeout,
      long maxBlockBytes, int maxBlocksPerFetch, Duration pollInterval, Duration retryMax) implements Serializable {

    public Settings {
      nodes = List.copyOf(nodes);
      validators = List.copyOf(validators);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("no chain node to read from");
      }
      if (maxBlocksPerFetch < 1 || maxBlockBytes < 1 || maxBlockBytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("blocks per fetch must be positive, block bytes between 1 and 2 GiB");
      }
    }

    /** Settings verifying against {@code validators}. */
    public static Settings of(List<URI> nodes, ValidatorSet validators, Duration requestTimeout, long maxBlockBytes,
        int maxBlocksPerFetch, Duration pollInterval, Duration retryMax) {
      return new Settings(nodes, validators.chainId(), validators.members().stream().map(Address::toHex).toList(),
          requestTimeout, maxBlockBytes, maxBlocksPerFetch, pollInterval, retryMax);
    }

    ValidatorSet validatorSet() {
      List<Address> members = new ArrayList<>();
      for (String hex : validators) {
        try {
          members.add(Address.fromHex(hex));
        } catch (CryptoFormatException e) {
          throw new IllegalArgumentException("validator '" + hex + "' is not an address", e);
        }
      }
      return new ValidatorSet(chainId, members);
    }
  }

  private final Settings settings;
  private final ChainIdentityEvents<T> events;
  private final TypeInformation<T> type;

  public ChainIdentitySource(Settings settings, ChainIdentityEvents<T> events, TypeInformation<T> type) {
    this.settings = settings;
    this.events = events;
    this.type = type;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SplitEnumerator<ChainSplit, List<ChainSplit>> createEnumerator(SplitEnumeratorContext<ChainSplit> context) {
    return new ChainSplitEnumerator(context, List.of(ChainSplit.fromStart()));
  }

  @Override
  public SplitEnumerator<ChainSplit, List<ChainSplit>> restoreEnumerator(SplitEnumeratorContext<ChainSplit> context,
      List<ChainSplit> pending) {
    return new ChainSplitEnumerator(context, pending);
  }

  @Override
  public SimpleVersionedSerializer<ChainSplit> getSplitSerializer() {
    return new ChainSplit.Serializer();
  }

  @Override
  public SimpleVersionedSerializer<List<ChainSplit>> getEnumeratorCheckpointSerializer() {
    return new ChainSplit.PendingSerializer();
  }

  @Override
  public SourceReader<T, ChainSplit> createReader(SourceReaderContext context) {
    return new Reader<>(settings, events, context);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return type;
  }

  /** Where the split is: after the last block whose records were emitted. */
  private static final class SplitState {
    BlockFollower.Position position;

    SplitState(BlockFollower.Position position) {
      this.position = position;
    }
  }

  /** Emits each fetched block's records and then moves the split past the block, so a checkpoint holds whole blocks. */
  private static final class Reader<T> extends SingleThreadMultiplexSourceReaderBase<ChainBlockReader.Block<T>, T,
      ChainSplit, SplitState> {

    Reader(Settings settings, ChainIdentityEvents<T> events, SourceReaderContext context) {
      super(() -> new ChainBlockReader<>(settings, events), (block, output, state) -> {
        block.records().forEach(output::collect);
        state.position = new BlockFollower.Position(block.height() + 1, block.hash());
      }, context.getConfiguration(), context);
    }

    @Override
    public void start() {
      // The enumerator assigns the split when this reader registers.
    }

    @Override
    protected void onSplitFinished(Map<String, SplitState> finished) {
      // The chain does not end.
    }

    @Override
    protected SplitState initializedState(ChainSplit split) {
      return new SplitState(split.position());
    }

    @Override
    protected ChainSplit toSplitType(String splitId, SplitState state) {
      return new ChainSplit(state.position);
    }
  }
}
