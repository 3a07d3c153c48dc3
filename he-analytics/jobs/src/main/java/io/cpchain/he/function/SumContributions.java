package io.cpchain.he.function;

import io.cpchain.he.traffic.CiphertextSum;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.TrafficContribution;
import java.nio.ByteBuffer;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Adds the encrypted contributions of one window, region and key. It has the encryption
 * parameters only: no key reaches this class, so it can add but never read. Each subtask runs its
 * own SEAL engine, started in {@link #open} and closed in {@link #close}.
 */
public final class SumContributions
    extends ProcessWindowFunction<TrafficContribution, EncryptedTrafficWindow, String, TimeWindow> {

  private transient CiphertextSum sum;
  private transient Counter recordsIn;
  private transient Counter contributionsAggregated;
  private transient Counter recordsOut;

  @Override
  public void open(OpenContext openContext) {
    sum = new CiphertextSum();
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    recordsIn = metrics.counter(JobMetrics.RECORDS_IN);
    contributionsAggregated = metrics.counter(JobMetrics.CONTRIBUTIONS_AGGREGATED);
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
  }

  @Override
  public void process(String key, Context context, Iterable<TrafficContribution> contributions,
      Collector<EncryptedTrafficWindow> out) {
    TrafficContribution first = contributions.iterator().next();
    int[] count = {0};
    // Streamed into the sum one at a time: only the window state holds them all.
    Iterable<byte[]> ciphertexts = () -> StreamSupport.stream(contributions.spliterator(), false)
        .map(contribution -> {
          count[0]++;
          ByteBuffer bytes = contribution.getCiphertext().duplicate();
          byte[] saved = new byte[bytes.remaining()];
          bytes.get(saved);
          return saved;
        }).iterator();
    byte[] total = sum.sum(ciphertexts);
    out.collect(EncryptedTrafficWindow.newBuilder()
        .setKeyId(first.getKeyId())
        .setRegion(first.getRegion())
        .setWindowStartMs(context.window().getStart())
        .setWindowEndMs(context.window().getEnd())
        .setContributions(count[0])
        .setCiphertext(ByteBuffer.wrap(total))
        .build());
    // A window operator holds its input in state: the contributions in are counted when their window is summed.
    recordsIn.inc(count[0]);
    contributionsAggregated.inc(count[0]);
    recordsOut.inc();
  }

  @Override
  public void close() {
    if (sum != null) {
      sum.close();
    }
  }
}
