package io.cpchain.cli.stack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** The topics the jobs need, with their partitions and settings. */
public final class Topics {

  public record Spec(String name, int partitions, Map<String, String> configs) {}

  public static final String RAW = "telemetry.raw";
  public static final String VALID = "telemetry.valid";
  public static final String DLQ = "telemetry.dlq";
  public static final String EPOCH_KEYS = "owners.epoch-keys";
  public static final String MANIFESTS = "manifests";
  public static final String INTERVALS_DLQ = "intervals.dlq";
  public static final String ANCHOR_RECEIPTS = "anchors.receipts";
  public static final String ANCHORS_DLQ = "anchors.dlq";

  public static final List<Spec> ALL = List.of(
      new Spec(RAW, 4, Map.of()),
      new Spec(VALID, 4, Map.of()),
      new Spec(DLQ, 2, Map.of()),
      new Spec(EPOCH_KEYS, 1, Map.of("cleanup.policy", "compact")),
      new Spec(MANIFESTS, 2, Map.of()),
      new Spec(INTERVALS_DLQ, 1, Map.of()),
      new Spec(ANCHOR_RECEIPTS, 2, Map.of()),
      new Spec(ANCHORS_DLQ, 1, Map.of()));

  private Topics() {}

  /**
   * Creates those of {@code specs} that do not exist yet, each with the stack's replication factor and
   * minimum in-sync replicas, so that a topic a stage adds survives a broker down as the stack's own do.
   */
  public static void ensure(Admin admin, List<Spec> specs, StackConfig stack, long timeoutMs)
      throws InterruptedException, ExecutionException, TimeoutException {
    Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
    List<NewTopic> missing = specs.stream().filter(t -> !existing.contains(t.name()))
        .map(t -> {
          Map<String, String> configs = new HashMap<>(t.configs());
          configs.put("min.insync.replicas", Integer.toString(stack.kafkaMinInSyncReplicas()));
          return new NewTopic(t.name(), t.partitions(), (short) stack.kafkaReplicationFactor()).configs(configs);
        })
        .toList();
    if (!missing.isEmpty()) {
      admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
    }
  }
}
