package io.cpchain.cli.share;

import io.cpchain.consensus.server.Daemon;
import io.cpchain.sharing.proxy.ProxyConfig;
import io.cpchain.sharing.proxy.ProxyMain;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code proxy --config proxy.yaml}: one re-encryption proxy in the foreground, until Ctrl-C or SIGTERM. */
@Command(name = "proxy", description = "Run one re-encryption proxy in the foreground (see sharing/README.md).")
public final class ProxyCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", required = true, description = "the proxy's proxy.yaml")
  Path config;

  @Override
  public Integer call() throws Exception {
    Daemon.runUntilStopped(ProxyMain.start(ProxyConfig.read(config)));
    return 0;
  }
}
