package io.cpchain.cli.anchor;

import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.anchor.verify.IntervalVerifier;
import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.cli.StackOptions;
import io.cpchain.cli.fetch.FetchCommand;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.IntervalManifest;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code verify}: per interval, anchored in a final block and intact in storage, or exactly what failed. */
@Command(name = "verify", description = "Verify a device's intervals (or one manifest) against the chain and"
    + " storage: receipt proof to the batch root, the block's quorum certificate, every chunk copy's hash.")
public final class VerifyCommand implements Callable<Integer> {

  @Mixin StackOptions stackOptions;
  @Mixin ChainOptions chainOptions;

  @Option(names = "--device", paramLabel = "ID", description = "the device whose intervals to verify")
  String device;

  @Option(names = "--from", paramLabel = "TIME", defaultValue = "0",
      description = "start of the range, inclusive: ISO-8601 instant or epoch milliseconds (default: the beginning)")
  String from;

  @Option(names = "--to", paramLabel = "TIME", description = "end of the range, exclusive (default: now)")
  String to;

  @Option(names = "--manifest", paramLabel = "HASH", description = "verify one manifest, by its hash (hex)")
  String manifestHash;

  @Override
  public Integer call() throws Exception {
    if ((device == null) == (manifestHash == null)) {
      throw new IllegalArgumentException("give --device D [--from T1] [--to T2], or --manifest HASH");
    }
    StackConfig stack = stackOptions.config();
    ValidatorSet validators = chainOptions.validators(stack.workDir());
    if (validators == null) {
      throw new IllegalArgumentException("no local chain: give --genesis FILE of the chain to verify against");
    }
    AnchoredIntervals topics = new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN));
    List<AnchoredIntervals.Published> intervals;
    if (manifestHash != null) {
      String wanted = manifestHash.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
      intervals = topics.manifests(p -> p.hash().equals(wanted));
    } else {
      long fromMs = FetchCommand.time("--from", from);
      long toMs = to == null ? Long.MAX_VALUE : FetchCommand.time("--to", to);
      intervals = topics.manifests(p -> p.manifest().getDeviceId().equals(device)
          && p.manifest().getIntervalStartMs() < toMs && p.manifest().getIntervalEndMs() > fromMs);
    }
    if (intervals.isEmpty()) {
      throw new IllegalStateException("no such interval on the manifests topic");
    }
    IntervalVerifier verifier = new IntervalVerifier(
        new ReceiptVerifier(ReceiptVerifier.from(chainOptions.client()), validators), StorageCommand.localNodeStores(stack));
    Map<String, AnchorReceipt> receipts = topics.receipts();
    int failed = 0;
    for (AnchoredIntervals.Published p : intervals) {
      Optional<AnchorReceipt> receipt = Optional.ofNullable(receipts.get(p.hash()));
      ReceiptVerifier.Verdict verdict = verifier.verify(p.encoded(), receipt);
      IntervalManifest m = p.manifest();
      String where = verdict.verified() ? " (block " + receipt.get().getBlockHeight() + ")" : "";
      System.out.printf("interval %s [%s, %s) manifest %s: %s%s%n", m.getDeviceId(),
          Instant.ofEpochMilli(m.getIntervalStartMs()), Instant.ofEpochMilli(m.getIntervalEndMs()),
          p.hash().substring(0, 16), verdict, where);
      failed += verdict.verified() ? 0 : 1;
    }
    return failed == 0 ? 0 : 1;
  }
}
