package io.cpchain.sharing.proxy;

import io.cpchain.consensus.server.Daemon;
import io.cpchain.crypto.pre.Umbral;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.pre.UmbralSigner;
import io.cpchain.crypto.pre.VerifiedKeyFrag;
import java.nio.file.Path;

/**
 * For tests: {@code ByzantineProxyMain --config proxy.yaml} runs a proxy that answers every request
 * with a well-formed cfrag of an unrelated delegation, so each one fails its proof: the evidence a
 * grantee puts on the chain as a proxy fault. Production code has no such mode.
 */
public final class ByzantineProxyMain {

  /** A kfrag of a stranger's delegation to the grantee: its cfrags verify against nothing the owner made. */
  static final Reencryption FOREIGN_KFRAG = (capsule, kfrag, terms) -> {
    UmbralSecretKey stranger = UmbralSecretKey.generate();
    VerifiedKeyFrag foreign =
        Umbral.generateKFrags(stranger, terms.grantee(), new UmbralSigner(stranger), 1, 1, true, true).get(0);
    return Reencryption.UMBRAL.cfrag(capsule, foreign, terms);
  };

  private ByzantineProxyMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2 || !args[0].equals("--config")) {
      Daemon.exit("proxy", "usage: ByzantineProxyMain --config proxy.yaml");
    }
    Daemon.runUntilStopped(Daemon.startOrExit("proxy",
        () -> ProxyMain.start(ProxyConfig.read(Path.of(args[1])), FOREIGN_KFRAG)));
  }
}
