package io.cpchain.cli.bench;

import io.cpchain.cli.bench.crypto.CryptoBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: measured performance, always against a baseline taken in the same run. */
@Command(name = "bench", description = "Benchmarks, each reported as ratios to a baseline measured in the same run.",
    subcommands = {IngestBenchCommand.class, CryptoBenchCommand.class, EncryptBenchCommand.class,
        io.cpchain.cli.chain.ChainBenchCommand.class, io.cpchain.cli.anchor.AnchorBenchCommand.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
