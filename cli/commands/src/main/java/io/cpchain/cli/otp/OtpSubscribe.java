package io.cpchain.cli.otp;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.share.ShareCommands;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.otp.uri.OtpUri;
import io.cpchain.schemas.ValidReading;
import io.cpchain.sharing.fetch.LiveSubscription;
import io.cpchain.sharing.fetch.ShareFetchException;
import io.cpchain.sharing.fetch.ShareFetcher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code otp subscribe otp://<owner>/devices/<id>/live --key grantee.key}: the device's intervals as
 * the grant's proxies announce them anchored (m of n, {@link LiveSubscription}), each opened through
 * them, one line each with its latency from the anchor's final block; until --count intervals or the
 * grant ends. The grant is the newest in force of that owner, device and grantee on the chain.
 */
@Command(name = "subscribe", description = "As a grantee: receive a device's new intervals as soon as their anchor"
    + " is final, through the proxies of your grant, until the grant is revoked or expires (or --count).")
final class OtpSubscribe implements Callable<Integer> {

  @Mixin ChainOptions chain;
  @Mixin StackOptions stack;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URI", description = "otp://<owner address>/devices/<device id>/live")
  String name;

  @Option(names = "--key", required = true, paramLabel = "FILE", description = "the grantee's secp256k1 key file")
  Path keyFile;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
  Path passwordFile;

  @Option(names = "--out", paramLabel = "DIR",
      description = "write each interval's readings to DIR/<device>-<interval start ms>.avro (Avro container)")
  Path out;

  @Option(names = "--count", paramLabel = "N", description = "stop after N intervals (default: until the grant ends)")
  Integer count;

  @Override
  public Integer call() throws Exception {
    OtpUri uri = OtpCommands.uri(name);
    if (uri.kind() != OtpUri.Kind.DEVICE_LIVE) {
      throw new IllegalArgumentException("otp subscribe takes a live stream, otp://<owner>/devices/<id>/live, not "
          + uri);
    }
    if (count != null && count < 1) {
      throw new IllegalArgumentException("--count must be at least 1");
    }
    char[] password = KeysCommand.password(passwordFile);
    String grantee = KeyStore.loadAccountFile(keyFile, password).publicKey().address().toHex();
    ChainClient client = chain.client();
    Hash grantId = grantOf(client, uri, grantee);
    ShareFetcher fetcher = ShareCommands.fetcher(stack.config(), client, keyFile, password);
    ShareFetcher.Grant grant;
    try {
      grant = fetcher.open(grantId);
    } catch (ShareFetchException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    if (out != null) {
      Files.createDirectories(out);
    }
    PrintWriter console = spec.commandLine().getOut();
    console.printf("subscribed to %s through grant %s (%d of %d proxies)%n", uri, grantId.toHex(),
        grant.info().threshold(), grant.info().proxies().size());
    console.flush();
    int delivered = 0;
    int failed = 0;
    try (LiveSubscription live = LiveSubscription.start(fetcher, grant, Long.MIN_VALUE)) {
      while (count == null || delivered < count) {
        LiveSubscription.Event event = live.next(Duration.ofSeconds(30));
        if (event instanceof LiveSubscription.Ended ended) {
          console.println("grant " + grantId.toHex() + " ended: " + ended.reason());
          break;
        } else if (event instanceof LiveSubscription.Delivered d) {
          delivered++;
          List<ValidReading> readings = d.opened().readings();
          console.printf("interval %s [%s, %s): %d readings, anchored in block %d, latency %d ms%n",
              d.interval().deviceId(), Instant.ofEpochMilli(d.interval().intervalStartMs()),
              Instant.ofEpochMilli(d.interval().intervalEndMs()), readings.size(), d.interval().blockHeight(),
              d.deliveredAtMs() - d.interval().blockTimestampMs());
          if (out != null) {
            Files.write(out.resolve(d.interval().deviceId() + "-" + d.interval().intervalStartMs() + ".avro"),
                ReadingsCodec.container(readings));
          }
          report(fetcher, d.opened().faults(), console);
        } else if (event instanceof LiveSubscription.Failed f) {
          failed++;
          spec.commandLine().getErr().println("cpchain: " + f.error());
          report(fetcher, f.faults(), console);
        }
        console.flush();
      }
    }
    return failed == 0 ? 0 : 1;
  }

  /** The newest grant in force of the URI's owner and device to this grantee, for reading; else one line, exit 2. */
  static Hash grantOf(ChainClient chain, OtpUri uri, String grantee) {
    long now = System.currentTimeMillis();
    List<Views.GrantInfo> candidates = new ArrayList<>(chain.grants().stream()
        .filter(g -> g.owner().equals(uri.owner().toHex()) && g.dataset().equals(uri.name())
            && g.grantee().equals(grantee) && g.purpose().equals(Payload.PURPOSE_READ))
        .toList());
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no grant of " + uri + " to " + grantee + " on the chain");
    }
    candidates.removeIf(g -> g.revoked() || g.expiresAtMs() != 0 && now >= g.expiresAtMs());
    return Hash.fromHex(candidates.stream().max(Comparator.comparingLong(Views.GrantInfo::height))
        .orElseThrow(() -> new IllegalArgumentException("every grant of " + uri + " to " + grantee
            + " is revoked or expired"))
        .id());
  }

  private static void report(ShareFetcher fetcher, List<ShareFetcher.Fault> faults, PrintWriter console) {
    List<Hash> evidence = fetcher.report(faults);
    for (int i = 0; i < faults.size(); i++) {
      console.printf("proxy %s returned a cfrag that fails its proof: evidence on the chain in tx %s%n",
          faults.get(i).proxy().toHex(), evidence.get(i).toHex());
    }
  }
}
