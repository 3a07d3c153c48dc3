package io.cpchain.cli.chaos;

import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.storage.StorageCommand;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.consensus.client.Views;
import io.cpchain.cli.stack.TopicScan;
import io.cpchain.cli.stack.Topics;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.StorageException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The suite's checks beyond the demo stages' own: one chain, every chunk with all its copies, and none astray. */
final class Invariants {

  private final StackConfig config;
  private final int replicas;

  Invariants(StackConfig config, int replicas) {
    this.config = config;
    this.replicas = replicas;
  }

  /** The first height at which two chain nodes hold different blocks, if any: every node is asked for every height. */
  Optional<String> firstFork() {
    List<ChainClient> nodes = new ArrayList<>();
    long height = Long.MAX_VALUE;
    for (int node = 1; node <= StackConfig.CHAIN_NODES; node++) {
      ChainClient client = new ChainClient(config.chainApi(node));
      nodes.add(client);
      height = Math.min(height, client.status().height());
    }
    for (long h = 1; h <= height; h++) {
      Set<String> hashes = new HashSet<>();
      for (ChainClient node : nodes) {
        hashes.add(node.block(h).map(Views.BlockInfo::hash).orElse("none"));
      }
      if (hashes.size() > 1) {
        return Optional.of("height " + h + " has blocks " + hashes);
      }
    }
    return Optional.empty();
  }

  /**
   * Chunks on the storage nodes that no committed manifest names: what a writer left behind when it
   * stored an interval's chunks and died before its manifest was committed. Not data loss (the
   * interval is written again, under a fresh key, from the job's restored state), but space no
   * one can read.
   */
  long orphanChunks() throws StorageException {
    Set<String> named = new HashSet<>();
    for (IntervalManifest manifest : TopicScan.records(config.kafkaClient(KafkaUser.ADMIN), Topics.MANIFESTS,
        IntervalManifest.class)) {
      manifest.getChunks().forEach(chunk -> named.add(chunk.getSha256()));
    }
    Set<String> stored = new HashSet<>();
    for (NodeStore store : StorageCommand.localNodeStores(config)) {
      store.list().forEach(chunk -> stored.add(chunk.hex()));
    }
    stored.removeAll(named);
    return stored.size();
  }

  /** Copies that repair made, and the copies still missing after it (a second repair's count). */
  record Copies(int restored, int missingAfterRepair) {}

  Copies repairCopies() throws StorageException {
    return new Copies(repair(), repair());
  }

  /** {@code bin/cpchain storage repair}: every chunk with fewer intact copies than it should have gets them back. */
  int repair() throws StorageException {
    return StorageCommand.localChunkStore(config, replicas).repair();
  }
}
