package io.cpchain.jobs.metrics;

import io.cpchain.schemas.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * The pipeline's own metrics on an operator's metric group, under one {@code cpchain} group so they
 * stand apart from Flink's in the Web UI and the REST API ({@code <operator>.cpchain.<name>}). Every
 * job counts {@link #RECORDS_IN} and {@link #RECORDS_OUT}; dead letters are counted per reason
 * ({@code <operator>.cpchain.reason.<REASON>.deadLetters}).
 */
public final class JobMetrics {

  public static final String GROUP = "cpchain";
  public static final String RECORDS_IN = "recordsIn";
  public static final String RECORDS_OUT = "recordsOut";
  public static final String DEAD_LETTERS = "deadLetters";
  public static final String REASON = "reason";
  public static final String INTERVALS_WRITTEN = "intervalsWritten";
  public static final String BATCHES_ANCHORED = "batchesAnchored";
  public static final String MANIFESTS_ANCHORED = "manifestsAnchored";
  public static final String CONTRIBUTIONS_AGGREGATED = "contributionsAggregated";
  public static final String DRIVERS_SCORED = "driversScored";

  private final MetricGroup group;

  /** @param operatorGroup the operator's own group, {@code getRuntimeContext().getMetricGroup()} */
  public JobMetrics(MetricGroup operatorGroup) {
    this.group = operatorGroup.addGroup(GROUP);
  }

  public Counter counter(String name) {
    return group.counter(name);
  }

  public <T> Gauge<T> gauge(String name, Gauge<T> gauge) {
    return group.gauge(name, gauge);
  }

  /**
   * A counter per reason; the reasons an operator emits are registered now so that each shows (at 0)
   * before its first dead letter, any other on its first.
   */
  public DeadLetterCounters deadLetters(RejectReason... expected) {
    DeadLetterCounters counters = new DeadLetterCounters(group);
    for (RejectReason reason : expected) {
      counters.counter(reason);
    }
    return counters;
  }

  /** Dead letters by reason. */
  public static final class DeadLetterCounters {
    private final MetricGroup group;
    private final Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);

    private DeadLetterCounters(MetricGroup group) {
      this.group = group;
    }

    public void count(RejectReason reason) {
      counter(reason).inc();
    }

    private Counter counter(RejectReason reason) {
      return counters.computeIfAbsent(reason, r -> group.addGroup(REASON, r.name()).counter(DEAD_LETTERS));
    }
  }
}
