package io.cpchain.he.function;

import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.traffic.CiphertextSum;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.InsuranceContribution;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Adds one driver's encrypted contributions of one period. Parameters only, no key. Each subtask
 * runs its own SEAL engine, started in {@link #open} and closed in {@link #close}.
 */
public final class SumDriverPeriod
    extends ProcessWindowFunction<InsuranceContribution, DriverPeriodSum, String, TimeWindow> {

  private transient CiphertextSum sum;
  private transient Counter contributionsAggregated;

  @Override
  public void open(OpenContext openContext) {
    sum = new CiphertextSum(ScoringLayout.PARAMETERS, false);
    contributionsAggregated = new JobMetrics(getRuntimeContext().getMetricGroup())
        .counter(JobMetrics.CONTRIBUTIONS_AGGREGATED);
  }

  @Override
  public void process(String driver, Context context, Iterable<InsuranceContribution> contributions,
      Collector<DriverPeriodSum> out) {
    int[] count = {0};
    Iterable<byte[]> ciphertexts = () -> StreamSupport.stream(contributions.spliterator(), false)
        .map(contribution -> {
          count[0]++;
          return Bytes.of(contribution.getCiphertext());
        }).iterator();
    byte[] total = sum.sum(ciphertexts);
    contributionsAggregated.inc(count[0]);
    out.collect(new DriverPeriodSum(driver, context.window().getStart(), context.window().getEnd(), count[0], total));
  }

  @Override
  public void close() {
    if (sum != null) {
      sum.close();
    }
  }
}
