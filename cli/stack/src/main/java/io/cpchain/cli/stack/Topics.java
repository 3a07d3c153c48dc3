package io.cpchain.cli.stack;

import java.util.List;
import java.util.Map;

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
}
