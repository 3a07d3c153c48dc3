package io.cpchain.cli.insurance;

import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.he.insurance.ChainConsents;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code consent}: an owner lets an insurer score a vehicle, or stops it: a Grant or Revoke on the chain. */
@Command(name = "consent", description = "An owner's consent that an insurer scores a vehicle: a Grant or Revoke"
    + " transaction on the chain, taking effect from the next scoring period.",
    subcommands = {ConsentCommand.Grant.class, ConsentCommand.Revoke.class})
public final class ConsentCommand implements Runnable {

  public static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Who consents to whom, and where. */
  static class Options {
    @Mixin ChainOptions chain;

    @Option(names = "--insurer", required = true, paramLabel = "0xADDRESS", description = "the insurer's chain address")
    String insurer;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "the vehicle")
    String device;

    @Option(names = "--account-key", paramLabel = "FILE", description = "the owner's chain account key file"
        + " (default: the simulated fleet's owner of the device, under --work-dir)")
    Path accountKey;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the key file's"
        + " password (default: $" + KeysCommand.PASSWORD_ENV + "; with the simulated owners, theirs)")
    Path passwordFile;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain",
        description = "where the simulated fleet is (default: ${DEFAULT-VALUE})")
    Path workDir;

    Address insurer() {
      try {
        return Address.fromHex(insurer);
      } catch (CryptoFormatException | RuntimeException e) {
        throw new IllegalArgumentException("--insurer must be a 0x-prefixed 20-byte address, got '" + insurer + "'");
      }
    }

    AccountPrivateKey owner() throws IOException, GeneralSecurityException {
      if (accountKey != null) {
        return KeyStore.loadAccountFile(accountKey, KeysCommand.password(passwordFile));
      }
      Fleet fleet = Fleet.loadOrCreate(workDir, 0, System.currentTimeMillis());
      String owner = fleet.ownerOf(device).orElseThrow(() -> new IllegalArgumentException("--device " + device
          + " is not a vehicle of the simulated fleet in " + workDir + "; give the owner's --account-key"));
      return fleet.owners().accountKey(owner);
    }
  }

  @Command(name = "grant", description = "The owner lets the insurer score the device from the next period on.")
  static final class Grant extends Options implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Address insurer = insurer();
      Views.GrantInfo grant = ChainConsents.grant(chain.client(), Map.of(owner(), List.of(device)), insurer, WAIT)
          .get(0);
      System.out.println("consent " + grant.id() + " final in block " + grant.height() + " at "
          + Instant.ofEpochMilli(grant.grantedAtMs()) + ": " + grant.grantee() + " scores " + grant.dataset()
          + " for every period starting from then");
      return 0;
    }
  }

  @Command(name = "revoke", description = "The owner stops the insurer scoring the device after the period under way.")
  static final class Revoke extends Options implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      Address insurer = insurer();
      List<Views.GrantInfo> revoked = ChainConsents.revoke(chain.client(), owner(), device, insurer, WAIT);
      for (Views.GrantInfo grant : revoked) {
        System.out.println("consent " + grant.id() + " revoked in block " + grant.revokedHeight() + " at "
            + Instant.ofEpochMilli(grant.revokedAtMs()) + ": the period under way is still scored, none after");
      }
      return 0;
    }
  }
}
