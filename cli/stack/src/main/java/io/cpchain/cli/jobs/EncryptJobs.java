package io.cpchain.cli.jobs;

import io.cpchain.cli.Home;
import io.cpchain.cli.stack.KafkaUser;
import io.cpchain.cli.stack.PipelineNodeKey;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.cli.stack.Topics;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.storage.StorageNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The encrypt job for the local stack: its job jar and its configuration (broker, storage nodes, secret files). */
public final class EncryptJobs {

  private EncryptJobs() {}

  /** The job module is nested: encrypt-jobs/ also holds interval-format, which readers of intervals depend on. */
  public static Path jobJar() {
    return Home.jobJar("encrypt-jobs/job");
  }

  /** @param overrides further {@code --name value} settings, e.g. a shorter interval for the demo */
  public static EncryptJobConfig forStack(StackConfig stack, String... overrides) {
    List<String> args = new ArrayList<>(List.of(
        "--bootstrap-servers", stack.bootstrapServers(),
        "--valid-topic", Topics.VALID, "--epoch-keys-topic", Topics.EPOCH_KEYS,
        "--manifests-topic", Topics.MANIFESTS, "--dlq-topic", Topics.INTERVALS_DLQ,
        "--storage-nodes", StorageNode.formatList(stack.storageNodeList()),
        "--storage-credentials-file", stack.storageCredentialsFile().toString(),
        "--signing-key-file", PipelineNodeKey.keyFile(stack).toString(),
        "--signing-key-password-file", PipelineNodeKey.passwordFile(stack).toString()));
    args.addAll(stack.chainSourceArgs()); // certificates are checked against owners' root keys on the chain
    args.addAll(stack.kafkaClientArgs(KafkaUser.ENCRYPT));
    args.addAll(List.of(overrides));
    return EncryptJobConfig.fromArgs(args.toArray(String[]::new));
  }
}
