package io.cpchain.cli.jobs;

import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor job's configuration for the local stack: its broker, the chain's nodes, a funded account,
 * the pipeline node whose manifests it anchors.
 */
public final class AnchorJobs {

  private AnchorJobs() {}

  /**
   * @param chainDir the local chain's directory: the job submits as its first client account
   * @param overrides further {@code --name value} settings, e.g. a shorter upload interval for the demo
   */
  public static AnchorJobConfig forStack(StackConfig stack, Path chainDir, String... overrides) {
    List<String> args = new ArrayList<>(List.of(
        "--bootstrap-servers", stack.bootstrapServers(),
        "--manifests-topic", Topics.MANIFESTS, "--receipts-topic", Topics.ANCHOR_RECEIPTS,
        "--dead-letter-topic", Topics.ANCHORS_DLQ,
        // Only manifests the local pipeline node signed (the encrypt job's key) are anchored.
        "--trusted-signers", PipelineNodeKey.address(stack).toHex(),
        "--chain-nodes", String.join(",", stack.chainApis()),
        "--submitter-key-file", chainDir.resolve("keys/client-1.key").toString(),
        "--submitter-key-password-file", chainDir.resolve("keys/password").toString()));
    args.addAll(stack.kafkaClientArgs(KafkaUser.ANCHOR));
    args.addAll(List.of(overrides));
    return AnchorJobConfig.fromArgs(args.toArray(String[]::new));
  }
}
