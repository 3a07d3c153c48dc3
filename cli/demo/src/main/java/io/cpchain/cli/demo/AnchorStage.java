package io.cpchain.cli.demo;

import io.cpchain.cli.anchor.AnchoredIntervals;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.schemas.Bytes;
import io.cpchain.anchor.verify.IntervalVerifier;
import io.cpchain.anchor.verify.ReceiptVerifier;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's anchoring stage, for {@code bin/cpchain demo} to call once the anchor job has written its
 * receipts: batches and manifests per batch, anchor latency (interval end → block final), every
 * interval on the manifests topic verified end to end, then a copy of one manifest and a copy of one
 * chunk altered to show both are caught. Reads only: storage and topics are not changed.
 */
public final class AnchorStage {

  /** The stage's figures; {@link #json()} holds the keys the demo's --json adds. */
  public record Result(long anchoredManifests, long anchorBatches, long latencyMsP50, long latencyMsP99,
      int intervals, int verifiedIntervals, List<String> failures, boolean tamperDetected) {

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

  private AnchorStage() {}

  public static Result run(StackConfig stack, ChainClient node, ValidatorSet validators) {
    AnchoredIntervals topics = new AnchoredIntervals(stack.bootstrapServers());
    List<AnchoredIntervals.Published> intervals = topics.manifests(p -> true);
    Map<String, AnchorReceipt> receipts = topics.receipts();
    Set<String> batches = new HashSet<>();
    List<Long> latencies = new ArrayList<>();
    for (AnchorReceipt r : receipts.values()) {
      batches.add(HexFormat.of().formatHex(Bytes.of(r.getBatchRoot())));
      latencies.add(Math.max(0, r.getBlockTimestampMs() - r.getIntervalEndMs()));
    }
    List<NodeStore> stores = StorageCommand.localNodeStores(stack.storageNodeList());
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
    return new Result(receipts.size(), batches.size(), percentile(latencies, 50), percentile(latencies, 99),
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

  /** The p-th percentile (nearest rank) of the values, 0 if there are none. */
  public static long percentile(List<Long> values, int p) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }
}
