package io.cpchain.cli.bench;

import io.cpchain.cli.anchor.AnchorBenchCommand;
import io.cpchain.cli.bench.crypto.CryptoBenchCommand;
import io.cpchain.cli.bench.crypto.SignatureBenchCommand;
import io.cpchain.cli.chain.ChainBenchCommand;
import io.cpchain.cli.he.HeBenchCommand;
import io.cpchain.cli.insurance.InsuranceBenchCommand;
import io.cpchain.cli.share.ShareBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: measured performance, always against a baseline taken in the same run. */
@Command(name = "bench", description = "Benchmarks, each reported as ratios to a baseline measured in the same run.",
    subcommands = {IngestBenchCommand.class, CryptoBenchCommand.class, EncryptBenchCommand.class, HeBenchCommand.class,
        ChainBenchCommand.class, AnchorBenchCommand.class, ShareBenchCommand.class, InsuranceBenchCommand.class,
        SignatureBenchCommand.class})
public final class BenchCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
