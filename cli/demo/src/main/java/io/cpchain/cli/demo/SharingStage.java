package io.cpchain.cli.demo;

import io.cpchain.cli.share.LocalProxies;
import io.cpchain.cli.share.ShareCommands;
import io.cpchain.cli.share.SharedIntervals;
import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.cli.simulate.Fleet;
import io.cpchain.cli.simulate.FleetOwners;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.sharing.fetch.ShareFetchException;
import io.cpchain.sharing.fetch.ShareFetcher;
import io.cpchain.sharing.grant.GrantIssuer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The demo's sharing stage: a vehicle's owner grants the analyst's key 2-of-3 proxies over the first
 * half of the vehicle's anchored intervals; the analyst fetches them through the proxies and gets
 * exactly what the owner reads; an interval after the grant's range is refused; the owner revokes,
 * and a new fetch is refused.
 */
final class SharingStage implements DemoStage {

  @Override
  public String name() {
    return "sharing";
  }

  /** The stage's figures; {@link #json()} holds the keys the demo's --json adds. */
  public record Result(int grants, int sharedIntervalsOpened, int sharedIntervals, boolean shareMatchesOwner,
      boolean outOfScopeDenied, boolean revokedDenied, String detail) implements DemoStage.Result {

    @Override
    public boolean checked() {
      return grants > 0;
    }

    /** Granted intervals in, opened by the grantee out. */
    @Override
    public Balance balance() {
      return Balance.of("intervals", sharedIntervals, sharedIntervalsOpened, 0, checked());
    }

    @Override
    public boolean ok() {
      return !checked() || sharedIntervalsOpened == sharedIntervals && shareMatchesOwner && outOfScopeDenied
          && revokedDenied;
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("grants", grants);
      json.put("shared_intervals_opened", sharedIntervalsOpened);
      json.put("share_matches_owner", shareMatchesOwner);
      json.put("out_of_scope_denied", outOfScopeDenied);
      json.put("revoked_denied", revokedDenied);
      return json;
    }

    public void print(PrintStream out) {
      out.println("== sharing (threshold proxy re-encryption)");
      if (!checked()) {
        out.println("not checked: " + detail);
        return;
      }
      out.println(detail);
      out.printf("analyst:       %d of %d granted intervals opened through 2 of 3 proxies, %s the owner's view%n",
          sharedIntervalsOpened, sharedIntervals, shareMatchesOwner ? "equal to" : "NOT equal to");
      out.println("out of scope:  an interval after the grant " + (outOfScopeDenied ? "refused" : "NOT refused"));
      out.println("revoked:       a fetch after the revocation " + (revokedDenied ? "refused" : "NOT refused"));
    }
  }

  private final DemoRun run;

  SharingStage(DemoRun run) {
    this.run = run;
  }

  @Override
  public Result check(PrintStream out) throws Exception {
    Result result = share(run.config(), run.fleet(), out);
    result.print(out);
    return result;
  }

  private static Result share(StackConfig stack, Fleet fleet, PrintStream out) throws Exception {
    AnchoredIntervals topics = new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN));
    Map<String, AnchorReceipt> receipts = topics.receipts();
    // this key-epoch scheme's anchored intervals, per device; the device with the most is shared
    Map<String, List<AnchoredIntervals.Published>> byDevice = topics.manifests(p -> p.manifest()
        .getKeyEpochLengthMs() > 0 && receipts.containsKey(p.hash())).stream()
        .collect(Collectors.groupingBy(p -> p.manifest().getDeviceId()));
    List<AnchoredIntervals.Published> intervals = byDevice.values().stream()
        .max(Comparator.comparingInt(List::size)).orElse(List.of());
    if (intervals.size() < 2) {
      return new Result(0, 0, 0, false, false, false, "no vehicle has two anchored intervals yet");
    }
    IntervalManifest first = intervals.get(0).manifest();
    String device = first.getDeviceId();
    // The manifest names the owner by its chain address; its key files are the fleet's, by name.
    String owner = fleet.ownerOf(device).orElseThrow(() -> new IllegalStateException(
        "vehicle " + device + " is not one of the simulated fleet's"));
    FleetOwners owners = fleet.owners();
    int half = intervals.size() / 2;
    long from = first.getIntervalStartMs();
    long to = intervals.get(half - 1).manifest().getIntervalStartMs();

    Path analystKey = analystKey(stack);
    char[] password = PasswordFile.readOrCreate(analystPassword(stack));
    UmbralPublicKey analyst = KeyStore.loadOwnerFile(analystKey, password).publicKey();
    ChainClient chain = new ChainClient(stack.chainApi(1));
    GrantIssuer issuer = new GrantIssuer(chain, new LocalProxies(stack).directory());
    // each key file is opened once: scrypt makes every opening cost
    AccountPrivateKey ownerAccount = owners.accountKey(owner);
    UmbralSecretKey ownerKey = owners.secretKey(owner);
    GrantIssuer.Issued grant = issuer.grant(ownerAccount, ownerKey,
        new GrantIssuer.Request(device, analyst, from, to, 2, 3, 0,
            Duration.ofMillis(first.getKeyEpochLengthMs())), ShareCommands.WAIT);
    String detail = String.format("grant:         %s by owner %s: %s, %d of its %d anchored intervals, to the"
        + " analyst %s, final in block %d", grant.grantId().toHex().substring(0, 18), owner, device, half,
        intervals.size(), GrantIssuer.addressOf(analyst).toHex(), grant.receipt().height());

    SharedIntervals shared = ShareCommands.sharedIntervals(stack, chain, GenesisFile.read(stack.workDir()
        .resolve("chain/genesis.yaml")).validatorSet(), analystKey, password);
    ShareFetcher.Grant opened = shared.fetcher().open(grant.grantId());
    List<SharedIntervals.Result> results = shared.read(opened, intervals.subList(0, half));
    int openedCount = 0;
    boolean matches = true;
    IntervalReader ownerReader = new IntervalReader(StorageCommand.localChunkStore(stack, 1),
        Set.of(PipelineNodeKey.address(stack)));
    for (SharedIntervals.Result r : results) {
      if (r.ok()) {
        openedCount++;
        matches &= r.opened().readings().equals(ownerReader.readAsOwner(r.interval().encoded(),
            ownerKey));
      } else {
        out.println("  " + r.error());
      }
    }
    boolean outOfScope = refused(shared.fetcher(), opened, intervals.get(half).encoded(), "outside the grant", out);
    GrantIssuer.Revoked revocation = issuer.revoke(ownerAccount, grant.grantId(), ShareCommands.WAIT);
    if (!revocation.unconfirmed().isEmpty()) {
      out.println("  proxies that had not erased the revoked grant's kfrags after " + ShareCommands.WAIT.toSeconds()
          + " s: " + revocation.unconfirmed());
    }
    boolean revoked = refused(shared.fetcher(), opened, intervals.get(0).encoded(), "revoked", out);
    return new Result(1, openedCount, half, matches && openedCount == half, outOfScope, revoked, detail);
  }

  /** Whether the fetch is refused for the reason expected; any other outcome is printed, so a failed check says why. */
  private static boolean refused(ShareFetcher fetcher, ShareFetcher.Grant grant, byte[] manifest, String why,
      PrintStream out) {
    try {
      fetcher.read(grant, manifest);
      out.println("  a fetch that should be refused as " + why + " succeeded");
      return false;
    } catch (ShareFetchException e) {
      if (!e.getMessage().contains(why)) {
        out.println("  a fetch that should be refused as " + why + " was refused otherwise: " + e.getMessage());
        return false;
      }
      return true;
    }
  }

  /** The demo analyst's key (one secp256k1 key: it receives re-encrypted keys and signs requests). */
  static Path analystKey(StackConfig stack) throws Exception {
    Path file = stack.workDir().resolve("keys").resolve("analyst-share.key");
    if (!Files.exists(file)) {
      new KeyStore(file.getParent(), KeyFile.DEFAULT_PARAMS).create("analyst-share", KeyKind.SECP256K1,
          PasswordFile.readOrCreate(analystPassword(stack)));
    }
    return file;
  }

  private static Path analystPassword(StackConfig stack) {
    return stack.workDir().resolve("keys").resolve("analyst-share.password");
  }
}
