package io.cpchain.he.function;

import io.cpchain.he.traffic.CiphertextSum;
import io.cpchain.schemas.EncryptedTrafficWindow;
import io.cpchain.schemas.TrafficContribution;
import java.nio.ByteBuffer;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.functions.OpenContext;
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

  @Override
  public void open(OpenContext openContext) {
    sum = new CiphertextSum();
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
  }

  @Override
  public void close() {
    if (sum != null) {
      sum.close();
    }
  }
}
