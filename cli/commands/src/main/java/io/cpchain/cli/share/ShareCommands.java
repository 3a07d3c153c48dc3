package io.cpchain.cli.share;

import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.cli.fetch.FetchCommand;
import io.cpchain.cli.fetch.ReadingsOutput;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.ValidReading;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import io.cpchain.sharing.protocol.Hex;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code share grant|fetch|revoke|list}: sharing intervals through threshold proxy re-encryption. */
@Command(name = "share", description = "Share a device's intervals with a grantee through m-of-n re-encryption"
    + " proxies: grants and revocations on the chain, kfrags at the proxies, nothing secret on the chain.",
    subcommands = {ShareCommands.Grant.class, ShareCommands.Fetch.class, ShareCommands.Revoke.class,
        ShareCommands.ListGrants.class})
public final class ShareCommands implements Runnable {

  public static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  /** The owner's keys: its Umbral key file and its chain account (a sibling {@code <name>.account.key}, or the same key). */
  static class OwnerKeys {
    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the owner's secp256k1 key file")
    Path keyFile;

    @Option(names = "--account-key", paramLabel = "FILE", description = "the owner's chain account key file (default:"
        + " <key>.account.key beside --key if it exists, else --key itself)")
    Path accountKeyFile;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key files' password (default: $" + KeysCommand.PASSWORD_ENV + ")")
    Path passwordFile;

    @Mixin StackOptions stackOptions;
    @Mixin ChainOptions chainOptions;

    UmbralSecretKey ownerKey() throws IOException, GeneralSecurityException {
      return KeyStore.loadOwnerFile(keyFile, KeysCommand.password(passwordFile));
    }

    AccountPrivateKey account() throws IOException, GeneralSecurityException {
      Path file = accountKeyFile;
      if (file == null) {
        String name = keyFile.getFileName().toString().replaceFirst("\\.key$", "");
        Path sibling = keyFile.resolveSibling(name + ".account.key");
        file = Files.exists(sibling) ? sibling : keyFile;
      }
      return KeyStore.loadAccountFile(file, KeysCommand.password(passwordFile));
    }

    GrantIssuer issuer() {
      return new GrantIssuer(chainOptions.client(), new LocalProxies(stackOptions.config()).directory());
    }
  }

  @Command(name = "grant", description = "Grant a key the intervals of one device in a time range, re-encrypted by"
      + " m of n proxies (the n with the highest reputation); prints the grant id.")
  public static final class Grant extends OwnerKeys implements Callable<Integer> {

    @Option(names = "--grantee", required = true, paramLabel = "PUBKEY",
        description = "the grantee's public key, hex (bin/cpchain keys show-public)")
    String grantee;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "the device")
    String device;

    @Option(names = "--from", required = true, paramLabel = "TIME",
        description = "first interval start covered: ISO-8601 instant or epoch milliseconds")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "last interval start covered")
    String to;

    @Option(names = "--threshold", defaultValue = "2", paramLabel = "M", description = "cfrags needed (default 2)")
    int threshold;

    @Option(names = "--proxies", defaultValue = "3", paramLabel = "N", description = "proxies holding kfrags"
        + " (default 3)")
    int proxies;

    @Option(names = "--expires", paramLabel = "TIME", description = "when the grant lapses (default: never)")
    String expires;

    @Option(names = "--key-epoch", paramLabel = "DURATION", description = "the encrypt job's key epoch (default: as"
        + " the device's manifests say, else 1d)")
    Duration keyEpoch;

    @Override
    public Integer call() throws Exception {
      UmbralPublicKey granteeKey;
      try {
        granteeKey = UmbralPublicKey.fromBytes(Hex.parse(grantee, "--grantee"));
      } catch (CryptoFormatException e) {
        throw new IllegalArgumentException("--grantee: " + e.getMessage());
      }
      long fromMs = FetchCommand.time("--from", from);
      long toMs = FetchCommand.time("--to", to);
      if (toMs < fromMs) {
        throw new IllegalArgumentException("--to must not be before --from");
      }
      if (proxies < 1 || proxies > LocalProxies.COUNT * 5 || threshold < 1 || threshold > proxies) {
        throw new IllegalArgumentException("need 1 <= --threshold <= --proxies, got " + threshold + " of " + proxies);
      }
      long expiresMs = expires == null ? 0 : FetchCommand.time("--expires", expires);
      StackConfig stack = stackOptions.config();
      GrantIssuer.Issued issued = issuer().grant(account(), ownerKey(), new GrantIssuer.Request(device, granteeKey,
          fromMs, toMs, threshold, proxies, expiresMs, keyEpoch != null ? keyEpoch : keyEpochOf(stack, device)), WAIT);
      System.out.printf("grant %s: %s to %s, intervals from %s to %s, %d-of-%d proxies, %d key epoch(s), final in"
          + " block %d%n", issued.grantId().toHex(), device, GrantIssuer.addressOf(granteeKey).toHex(),
          Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs), threshold, proxies, issued.terms().epochs().size(),
          issued.receipt().height());
      return 0;
    }
  }

  /** The key epoch the device's newest manifest was written with, else the encrypt job's default. */
  static Duration keyEpochOf(StackConfig stack, String device) {
    return new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN))
        .manifests(p -> p.manifest().getDeviceId().equals(device))
        .stream().map(AnchoredIntervals.Published::manifest).filter(m -> m.getKeyEpochLengthMs() > 0)
        .max(Comparator.comparingLong(IntervalManifest::getIntervalStartMs))
        .map(m -> Duration.ofMillis(m.getKeyEpochLengthMs())).orElse(IntervalWriter.DEFAULT_KEY_EPOCH);
  }

  @Command(name = "revoke", description = "Revoke a grant: proxies refuse from the block that finalises it and"
      + " erase its kfrags. What was fetched before stays fetched.")
  public static final class Revoke extends OwnerKeys implements Callable<Integer> {

    @Parameters(paramLabel = "GRANT", description = "the grant id")
    String grant;

    @Override
    public Integer call() throws Exception {
      GrantIssuer.Revoked revoked = issuer().revoke(account(), grantId(grant), WAIT);
      System.out.printf("grant %s revoked in block %d; %d of its proxies erased its kfrags%n", grant,
          revoked.receipt().height(), revoked.erased().size());
      if (!revoked.unconfirmed().isEmpty()) {
        // final on the chain all the same: each of these refuses once its chain node has the block
        System.out.printf("not confirmed within %d s by %s (down, or its chain node behind)%n", WAIT.toSeconds(),
            revoked.unconfirmed().stream().map(Address::toHex).toList());
      }
      return 0;
    }
  }

  @Command(name = "fetch", description = "As the grantee: open a grant's intervals through its proxies; each"
      + " manifest checked against its anchor on the chain, each cfrag's proof, chunk and Merkle root checked.")
  public static final class Fetch implements Callable<Integer> {

    @Mixin StackOptions stackOptions;
    @Mixin ChainOptions chainOptions;

    @Option(names = "--grant", required = true, paramLabel = "ID", description = "the grant id")
    String grant;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the grantee's secp256k1 key file")
    Path keyFile;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
    Path passwordFile;

    @Mixin ReadingsOutput output;

    @Override
    public Integer call() throws Exception {
      output.check();
      Hash id = grantId(grant);
      StackConfig stack = stackOptions.config();
      ValidatorSet validators = chainOptions.validators(stack.workDir());
      if (validators == null) {
        throw new IllegalArgumentException("no local chain: give --genesis FILE of the chain to verify against");
      }
      SharedIntervals shared = sharedIntervals(stack, chainOptions.client(), validators, keyFile,
          KeysCommand.password(passwordFile));
      PrintStream console = output.console();
      List<ValidReading> readings = new ArrayList<>();
      int failed = 0;
      List<SharedIntervals.Result> results = shared.read(id);
      for (SharedIntervals.Result r : results) {
        IntervalManifest m = r.interval().manifest();
        if (r.ok()) {
          readings.addAll(r.opened().readings());
          console.printf("interval %s [%s, %s): %d readings, anchored, opened with verified cfrags%n",
              m.getDeviceId(), Instant.ofEpochMilli(m.getIntervalStartMs()), Instant.ofEpochMilli(m.getIntervalEndMs()),
              r.opened().readings().size());
        } else {
          failed++;
          System.err.println("cpchain: " + r.error());
        }
      }
      List<ShareFetcher.Fault> faults = results.stream().flatMap(r -> r.faults().stream()).toList();
      List<Hash> evidence = shared.fetcher().report(faults);
      for (int i = 0; i < faults.size(); i++) {
        console.printf("proxy %s returned a cfrag that fails its proof: evidence on the chain in tx %s%n",
            faults.get(i).proxy().toHex(), evidence.get(i).toHex());
      }
      if (results.isEmpty()) {
        throw new IllegalStateException("no interval of the grant on the manifests topic yet");
      }
      output.emit(readings, results.size() - failed);
      return failed == 0 ? 0 : 1;
    }
  }

  /** The grantee's fetch on the local stack: its proxies, storage nodes, topics and the chain it trusts. */
  public static SharedIntervals sharedIntervals(StackConfig stack, ChainClient chain, ValidatorSet validators, Path keyFile,
      char[] password) throws IOException, GeneralSecurityException {
    ShareFetcher fetcher = fetcher(stack, chain, keyFile, password);
    return new SharedIntervals(new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN)),
        new ReceiptVerifier(ReceiptVerifier.from(chain), validators), fetcher);
  }

  /** The grantee's side of the local stack's proxies and storage nodes, with the grantee's one secp256k1 key. */
  public static ShareFetcher fetcher(StackConfig stack, ChainClient chain, Path keyFile, char[] password)
      throws IOException, GeneralSecurityException {
    IntervalReader reader = new IntervalReader(StorageCommand.localChunkStore(stack, 1),
        Set.of(PipelineNodeKey.address(stack)));
    return new ShareFetcher(chain, new LocalProxies(stack).directory(), reader,
        KeyStore.loadOwnerFile(keyFile, password), KeyStore.loadAccountFile(keyFile, password));
  }

  @Command(name = "list", description = "Grants on the chain with their state; with --key, those given and received"
      + " by that key.")
  public static final class ListGrants implements Callable<Integer> {

    @Mixin ChainOptions chainOptions;

    @Option(names = "--address", paramLabel = "ADDRESS", split = ",",
        description = "only grants given or received by these account addresses")
    List<String> addresses;

    @Override
    public Integer call() throws Exception {
      List<String> mine = new ArrayList<>();
      if (addresses != null) {
        for (String a : addresses) {
          try {
            mine.add(Address.fromHex(a.strip()).toHex());
          } catch (CryptoFormatException e) {
            throw new IllegalArgumentException("--address: '" + a + "' is not an address");
          }
        }
      }
      long now = System.currentTimeMillis();
      int shown = 0;
      for (Views.GrantInfo g : chainOptions.client().grants()) {
        boolean given = mine.contains(g.owner());
        boolean received = mine.contains(g.grantee());
        if (!mine.isEmpty() && !given && !received) {
          continue;
        }
        String state = g.revoked() ? "revoked in block " + g.revokedHeight()
            : g.expiresAtMs() != 0 && now >= g.expiresAtMs() ? "expired" : "active";
        String role = mine.isEmpty() ? "" : given && received ? "given+received " : given ? "given    " : "received ";
        System.out.printf("%s%s %-17s %s -> %s  device %s  [%s, %s]  %s%s  %s%n", role, g.id(), g.purpose(), g.owner(),
            g.grantee(), g.dataset(), Instant.ofEpochMilli(g.fromInterval()),
            g.toInterval() == Long.MAX_VALUE ? "open" : Instant.ofEpochMilli(g.toInterval()).toString(),
            g.threshold() > 0 ? g.threshold() + "-of-" + g.proxies().size() + " proxies" : "no proxies",
            g.expiresAtMs() != 0 ? ", expires " + Instant.ofEpochMilli(g.expiresAtMs()) : "", state);
        shown++;
      }
      System.out.println(shown + " grant(s)");
      return 0;
    }
  }

  static Hash grantId(String hex) {
    try {
      return Hash.fromHex(hex);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("a grant id is 32 bytes of hex, got '" + hex + "'");
    }
  }
}
