package io.cpchain.cli.demo;

import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.anchor.job.AnchorJob;
import io.cpchain.cli.Home;
import io.cpchain.cli.Samples;
import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.cli.jobs.AnchorJobs;
import io.cpchain.cli.jobs.FlinkJobs;
import io.cpchain.conf.Durations;
import io.cpchain.consensus.server.ChainLayout;
import io.cpchain.consensus.server.GenesisFile;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.schemas.Bytes;
import io.cpchain.anchor.verify.IntervalVerifier;
import io.cpchain.anchor.verify.ReceiptVerifier;
import io.cpchain.cli.stack.KafkaAccess;
import io.cpchain.cli.stack.KafkaAcls;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.ChunkRef;
import io.cpchain.storage.ChunkId;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.StorageException;
import io.cpchain.storage.StorageNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's anchoring stage: the anchor job submitted (or reused); then, once the job has written a
 * receipt for every manifest: batches and manifests per batch, anchor latency (interval end → block
 * final), every interval on the manifests topic verified end to end, then a copy of one manifest and
 * a copy of one chunk altered to show both are caught. Reads only: storage and topics are not changed.
 */
public final class AnchorStage implements DemoStage {

  @Override
  public String name() {
    return "anchor";
  }

  /** The upload interval u of the demo: how often a batch of manifests is anchored. */
  private static final Duration UPLOAD_INTERVAL = Duration.ofSeconds(5);
  private static final Duration MAX_WAIT = Duration.ofMinutes(2);

  private final DemoRun run;

  AnchorStage(DemoRun run) {
    this.run = run;
  }

  /** The stage's figures; {@link #json()} holds the keys the demo's --json adds. */
  public record Result(long anchoredManifests, long anchorBatches, long latencyMsP50, long latencyMsP99,
      int intervals, int verifiedIntervals, List<String> failures, boolean tamperDetected)
      implements DemoStage.Result {

    @Override
    public boolean ok() {
      return intervals == 0 || verifiedIntervals == intervals && tamperDetected;
    }

    @Override
    public boolean checked() {
      return intervals > 0;
    }

    /** Manifests on the topic in, anchored and verified out; the job refuses none. */
    @Override
    public Balance balance() {
      return Balance.of("manifests", intervals, verifiedIntervals, 0, checked());
    }

    @Override
    public Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("anchored_manifests", anchoredManifests);
      json.put("anchor_batches", anchorBatches);
      json.put("anchor_latency_ms_p99", latencyMsP99);
      json.put("verified_intervals", verifiedIntervals);
      json.put("tamper_detected", tamperDetected);
      return json;
    }

    public void print(PrintStream out) {
      out.println("== anchoring");
      out.printf("batches:       %d anchored, %d manifests (%.1f per batch)%n", anchorBatches, anchoredManifests,
          anchorBatches == 0 ? 0.0 : (double) anchoredManifests / anchorBatches);
      out.printf("latency:       interval end -> block final p50 %d ms, p99 %d ms%n", latencyMsP50, latencyMsP99);
      out.printf("verified:      %d of %d intervals (receipt proof, block certificate, every chunk copy)%n",
          verifiedIntervals, intervals);
      failures.forEach(f -> out.println("  " + f));
      out.println("tampering:     altered manifest copy and altered chunk copy "
          + (tamperDetected ? "both caught" : "NOT both caught"));
    }
  }

  @Override
  public void prepare(PrintStream out) throws Exception {
    AnchorJobConfig config = AnchorJobs.forStack(run.config(), run.stack().chain().dir(), "--upload-interval",
        Durations.format(UPLOAD_INTERVAL));
    KafkaAcls.grant(run.config(), KafkaAccess.anchor(config));
    try (FlinkJobs flink = run.flinkJobs()) {
      flink.ensureRunning(AnchorJob.JOB_NAME, Home.jobJar("chain-anchor"), AnchorJob.class.getName(),
          config.toArgs(), 1, out);
    }
  }

  /**
   * Waits until the anchor job has a receipt for every manifest on the topic (this run's and any
   * earlier one's), then verifies them all against the chain and storage.
   */
  @Override
  public Result check(PrintStream out) throws Exception {
    out.println("== waiting for the anchor job to anchor every manifest (upload interval "
        + UPLOAD_INTERVAL.toSeconds() + " s) and write its receipts");
    StackConfig config = run.config();
    AnchoredIntervals topics = new AnchoredIntervals(config.kafkaClient(KafkaUser.ADMIN));
    int manifests = topics.manifests(p -> true).size();
    int receipts = Settle.reading(() -> topics.receipts().size()).every(Duration.ofSeconds(2)).atMost(MAX_WAIT)
        .until(n -> n >= manifests).await();
    out.printf("%d manifests on the topic (%d from this run), %d receipts%n", manifests,
        run.result(EncryptionStage.Result.class).intervals(), receipts);
    Path chainDir = run.stack().chain().dir();
    ChainLayout layout = ChainLayout.open(chainDir);
    Result result = verify(config, new ChainClient(layout.api(1)),
        GenesisFile.read(chainDir.resolve("genesis.yaml")).validatorSet());
    result.print(out);
    return result;
  }

  private static Result verify(StackConfig stack, ChainClient node, ValidatorSet validators) {
    AnchoredIntervals topics = new AnchoredIntervals(stack.kafkaClient(KafkaUser.ADMIN));
    List<AnchoredIntervals.Published> intervals = topics.manifests(p -> true);
    Map<String, AnchorReceipt> receipts = topics.receipts();
    Set<String> batches = new HashSet<>();
    Samples latencies = new Samples();
    for (AnchorReceipt r : receipts.values()) {
      batches.add(HexFormat.of().formatHex(Bytes.of(r.getBatchRoot())));
      latencies.add(Math.max(0, r.getBlockTimestampMs() - r.getIntervalEndMs()));
    }
    List<NodeStore> stores = StorageCommand.localNodeStores(stack);
    ReceiptVerifier receiptVerifier = new ReceiptVerifier(ReceiptVerifier.from(node), validators);
    IntervalVerifier verifier = new IntervalVerifier(receiptVerifier, stores);
    int verified = 0;
    List<String> failures = new ArrayList<>();
    AnchoredIntervals.Published sample = null;
    for (AnchoredIntervals.Published p : intervals) {
      ReceiptVerifier.Verdict verdict = verifier.verify(p.encoded(), Optional.ofNullable(receipts.get(p.hash())));
      if (verdict.verified()) {
        verified++;
        sample = sample == null && !p.manifest().getChunks().isEmpty() ? p : sample;
      } else {
        failures.add(p.manifest().getDeviceId() + " @ " + p.manifest().getIntervalStartMs() + ": " + verdict);
      }
    }
    boolean tamperDetected = sample != null && tamperCaught(sample, receipts.get(sample.hash()), receiptVerifier,
        stores);
    return new Result(receipts.size(), batches.size(), latencies.p50(), latencies.p99(),
        intervals.size(), verified, failures, tamperDetected);
  }

  /** A copy of the manifest with one bit flipped, and the interval seen through a flipped copy of its first chunk. */
  private static boolean tamperCaught(AnchoredIntervals.Published p, AnchorReceipt receipt, ReceiptVerifier receipts,
      List<NodeStore> stores) {
    byte[] manifestCopy = p.encoded().clone();
    manifestCopy[manifestCopy.length / 2] ^= 1;
    boolean manifestCaught = !receipts.verify(manifestCopy, receipt).verified();

    ChunkRef chunk = p.manifest().getChunks().get(0);
    ChunkId id = new ChunkId(chunk.getSha256());
    List<NodeStore> withAlteredCopy = stores.stream()
        .map(store -> store.node().id().equals(chunk.getNodes().get(0)) ? alteredCopyOf(store, id) : store).toList();
    ReceiptVerifier.Verdict chunkVerdict = new IntervalVerifier(receipts, withAlteredCopy)
        .verify(p.encoded(), Optional.of(receipt));
    return manifestCaught && chunkVerdict.outcome() == ReceiptVerifier.Outcome.CHUNK_ALTERED;
  }

  /** The node as it is, except that it serves a copy of {@code chunk} with one bit flipped. */
  private static NodeStore alteredCopyOf(NodeStore node, ChunkId chunk) {
    return new NodeStore() {
      public StorageNode node() {
        return node.node();
      }

      public void put(ChunkId id, byte[] content) {
        throw new UnsupportedOperationException("the demo only reads");
      }

      public Optional<byte[]> get(ChunkId id) throws StorageException {
        Optional<byte[]> content = node.get(id);
        if (id.equals(chunk) && content.isPresent()) {
          byte[] copy = content.get().clone();
          copy[0] ^= 1;
          return Optional.of(copy);
        }
        return content;
      }

      public Set<ChunkId> list() throws StorageException {
        return node.list();
      }

      public boolean healthy() {
        return node.healthy();
      }
    };
  }
}
