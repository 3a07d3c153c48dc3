package io.cpchain.jobs.metrics;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Passes records on unchanged, counting them as the job's {@code cpchain.recordsIn}: for a job whose
 * first operator is a window aggregation, which cannot count (its aggregate function is not rich).
 */
public final class CountRecordsIn<T> extends RichMapFunction<T, T> {

  private transient Counter recordsIn;

  @Override
  public void open(OpenContext openContext) {
    recordsIn = new JobMetrics(getRuntimeContext().getMetricGroup()).counter(JobMetrics.RECORDS_IN);
  }

  @Override
  public T map(T record) {
    recordsIn.inc();
    return record;
  }
}
