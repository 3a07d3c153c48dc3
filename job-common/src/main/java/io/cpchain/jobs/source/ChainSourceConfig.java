package io.cpchain.jobs.source;

import io.cpchain.conf.Option;
import io.cpchain.consensus.api.ValidatorSet;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where a job reads the chain's identities ({@link ChainIdentitySource}) and what bounds reading it:
 * the settings of every job that does, declared once here; a job config has it as an
 * {@code @OptionGroup} component.
 */
public record ChainSourceConfig(
    @Option(name = "chain-nodes", defaultValue = "http://127.0.0.1:7401",
        description = "chain node HTTP APIs, url[,url]: owners' and devices' registrations are read from final blocks"
            + " of the first that answers, the next one taken when it does not")
    String nodes,
    @Option(name = "chain-genesis", defaultValue = ".cpchain/chain/genesis.yaml",
        description = "the chain's genesis file, read where the job is built: every block is taken only with a"
            + " quorum certificate of its validators")
    String genesis,
    @Option(name = "chain-request-timeout", defaultValue = "10s",
        description = "how long one request to a chain node may take before the next node is tried")
    Duration requestTimeout,
    @Option(name = "chain-max-block-bytes", defaultValue = "16777216",
        description = "longest answer taken from a chain node (a block as its API serves it); a longer one counts"
            + " as the node failing")
    long maxBlockBytes,
    @Option(name = "chain-blocks-per-fetch", defaultValue = "64",
        description = "final blocks read in one go before they are handed on (and checkpointed)")
    int blocksPerFetch,
    @Option(name = "chain-poll-interval", defaultValue = "200ms",
        description = "how often the chain is asked for its next final block (how soon a registration counts)")
    Duration pollInterval,
    @Option(name = "chain-retry-max", defaultValue = "5s",
        description = "longest wait between tries while no chain node answers (the wait doubles up to this)")
    Duration retryMax)
    implements Serializable {

  /** {@link #nodes} as URIs. */
  public List<URI> nodeList() {
    return Arrays.stream(nodes.split(",")).map(String::strip).filter(node -> !node.isEmpty()).map(URI::create)
        .toList();
  }

  /** The source's settings, with the validators read from {@link #genesis}. */
  public ChainIdentitySource.Settings sourceSettings() {
    ValidatorSet validators;
    try {
      validators = ValidatorSet.readGenesis(Path.of(genesis));
    } catch (IOException e) {
      throw new UncheckedIOException("chain-genesis: cannot read the validators: " + e.getMessage(), e);
    }
    return ChainIdentitySource.Settings.of(nodeList(), validators, requestTimeout, maxBlockBytes, blocksPerFetch,
        pollInterval, retryMax);
  }
}
