package io.cpchain.cli;

import io.cpchain.cli.anchor.ProveCommand;
import io.cpchain.cli.anchor.VerifyCommand;
import io.cpchain.cli.anchor.VerifyProofCommand;
import io.cpchain.cli.bench.BenchCommand;
import io.cpchain.cli.chain.ChainCommands;
import io.cpchain.cli.chain.NodeCommand;
import io.cpchain.cli.chaos.ChaosCommand;
import io.cpchain.cli.demo.DemoCommand;
import io.cpchain.cli.fetch.FetchCommand;
import io.cpchain.cli.he.QueryCommand;
import io.cpchain.cli.insurance.ConsentCommand;
import io.cpchain.cli.insurance.InsurerCommand;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.market.MarketCommands;
import io.cpchain.cli.otp.OtpCommands;
import io.cpchain.cli.share.ProxyCommand;
import io.cpchain.cli.share.ShareCommands;
import io.cpchain.cli.simulate.SimulateCommand;
import io.cpchain.cli.stack.StackCommands;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.conf.ConfigException;
import io.cpchain.cli.stack.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

/** {@code bin/cpchain}: the local stack, the simulator, the demo and the benchmarks. */
// INHERIT: every subcommand takes --help (and --version) too, also when it has required options.
@Command(name = "cpchain", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "cpchain 0.1.0",
    description = "CPChain streaming data-sharing pipeline: local stack, simulator, demo, fault suite, benches.",
    subcommands = {
        StackCommands.Up.class, StackCommands.Down.class, StackCommands.Status.class,
        SimulateCommand.class, DemoCommand.class, ChaosCommand.class, FetchCommand.class, StorageCommand.class, KeysCommand.class,
        BenchCommand.class, QueryCommand.class, NodeCommand.class, ChainCommands.class, VerifyCommand.class,
        ProveCommand.class, VerifyProofCommand.class, ShareCommands.class, ProxyCommand.class,
        InsurerCommand.class, ConsentCommand.class, OtpCommands.class, MarketCommands.class,
        HelpCommand.class})
public final class Cpchain implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Wrong arguments and expected failures are one line on stderr, never a stack trace. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Cpchain());
    cli.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("cpchain: " + e.getMessage() + " (see '"
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException || e instanceof ConfigException
          || e instanceof LocalStack.PortInUseException || e instanceof java.security.GeneralSecurityException
          || e instanceof java.nio.file.NoSuchFileException) {
        commandLine.getErr().println("cpchain: " + e.getMessage());
        return 2;
      }
      if (e instanceof IllegalStateException) {
        commandLine.getErr().println("cpchain: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cli;
  }
}
