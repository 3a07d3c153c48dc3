package io.cpchain.cli.storage;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.NodeStore;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageCredentials;
import io.cpchain.storage.StorageNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code storage status|repair}: the storage nodes' health and chunk counts, and restoring copies. */
@Command(name = "storage", description = "Storage nodes: health, chunk counts, repair of missing copies.",
    subcommands = {StorageCommand.Status.class, StorageCommand.Repair.class})
public final class StorageCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Which nodes and how many copies: the local stack's by default. */
  static final class StorageOptions {
    @Mixin StackOptions stack;

    @Option(names = "--nodes", paramLabel = "ID=URL,...", description = "storage nodes (default: the local stack's)")
    String nodes;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "2", description = "copies per chunk (default: ${DEFAULT-VALUE})")
    int replicas;

    ChunkStore chunkStore() {
      StackConfig config = stack.config();
      List<StorageNode> list = nodes != null ? StorageNode.parseList(nodes) : config.storageNodeList();
      return new ChunkStore(nodeStores(list, config.storageCredentials()), replicas);
    }
  }

  /** The local stack's nodes as one chunk store, with the stack's credentials. */
  public static ChunkStore localChunkStore(StackConfig stack, int replicas) {
    return new ChunkStore(localNodeStores(stack), replicas);
  }

  /** Each of the local stack's nodes on its own, with the stack's credentials. */
  public static List<NodeStore> localNodeStores(StackConfig stack) {
    return nodeStores(stack.storageNodeList(), stack.storageCredentials());
  }

  private static List<NodeStore> nodeStores(List<StorageNode> nodes, StorageCredentials credentials) {
    List<NodeStore> stores = new ArrayList<>();
    nodes.forEach(node -> stores.add(new S3NodeStore(node, credentials)));
    return stores;
  }

  @Command(name = "status", description = "Each node's health and how many chunks it holds.")
  static final class Status implements Callable<Integer> {
    @Mixin StorageOptions options;

    @Override
    public Integer call() {
      Map<String, Long> status = options.chunkStore().status();
      status.forEach((node, count) -> System.out.printf("%-10s %s%n", node,
          count < 0 ? "DOWN" : "up, " + count + " chunks"));
      return status.containsValue(-1L) ? 3 : 0;
    }
  }

  @Command(name = "repair", description = "Restore every chunk with fewer than R intact copies on the nodes that answer.")
  static final class Repair implements Callable<Integer> {
    @Mixin StorageOptions options;

    @Override
    public Integer call() throws Exception {
      int copies = options.chunkStore().repair();
      System.out.println("repair made " + copies + " new cop" + (copies == 1 ? "y" : "ies"));
      return 0;
    }
  }
}
