package io.cpchain.cli.anchor;

import io.cpchain.cli.chain.LocalChain;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which chain node to ask and which genesis to trust: by default those of the local chain. */
public final class ChainOptions {

  @Option(names = "--chain-node", paramLabel = "URL",
      description = "a chain node's API, e.g. http://127.0.0.1:7401 (default: node 1 of the local chain)")
  URI chainNode;

  @Option(names = "--genesis", paramLabel = "FILE",
      description = "the chain's genesis.yaml: the validators whose certificates count (default: the local chain's)")
  Path genesis;

  public ChainClient client() {
    return new ChainClient(chainNode != null ? chainNode
        : URI.create("http://127.0.0.1:" + ChainLayout.DEFAULT_API_PORT));
  }

  /** The validators from --genesis, else from the local chain under {@code workDir}, else null. */
  public ValidatorSet validators(Path workDir) throws IOException {
    Path file = genesis != null ? genesis : new LocalChain(workDir).dir().resolve("genesis.yaml");
    if (!Files.exists(file)) {
      if (genesis != null) {
        throw new IllegalArgumentException("--genesis: no file " + file);
      }
      return null;
    }
    return GenesisFile.read(file).validatorSet();
  }
}
