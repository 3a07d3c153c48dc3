package io.cpchain.he.function;

import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.PackedScorer;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.keys.HeEvaluationKeys;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.ScoredPeriod;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Scores every driver of one period, up to 512 packed per ciphertext (in pseudonym order, so a
 * replay packs alike). Evaluation keys only: it can compute, never read. Each subtask runs its own
 * SEAL engine, started in {@link #open} and closed in {@link #close}.
 */
public final class ScorePeriod extends ProcessWindowFunction<DriverPeriodSum, ScoredPeriod, Long, TimeWindow> {

  private final byte[] evaluationKeyFile;
  private final InsuranceModel model;
  private transient PackedScorer scorer;
  private transient Counter driversScored;
  private transient Counter recordsOut;

  public ScorePeriod(byte[] evaluationKeyFile, InsuranceModel model) {
    this.evaluationKeyFile = evaluationKeyFile.clone();
    this.model = model;
  }

  @Override
  public void open(OpenContext openContext) {
    scorer = new PackedScorer(HeEvaluationKeys.parse(evaluationKeyFile, "the insurer's evaluation keys"), model);
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    driversScored = metrics.counter(JobMetrics.DRIVERS_SCORED);
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
  }

  @Override
  public void process(Long period, Context context, Iterable<DriverPeriodSum> sums, Collector<ScoredPeriod> out) {
    List<DriverPeriodSum> drivers = new ArrayList<>();
    sums.forEach(drivers::add);
    drivers.sort(Comparator.comparing(s -> s.driver));
    for (int from = 0; from < drivers.size(); from += ScoringLayout.DRIVERS_PER_CIPHERTEXT) {
      List<DriverPeriodSum> batch =
          drivers.subList(from, Math.min(drivers.size(), from + ScoringLayout.DRIVERS_PER_CIPHERTEXT));
      byte[] scores = scorer.score(batch.stream().map(s -> s.ciphertext).toList());
      out.collect(ScoredPeriod.newBuilder()
          .setKeyId(scorer.keyId())
          .setModelId(model.id())
          .setModelVersion(model.version())
          .setPeriodStartMs(context.window().getStart())
          .setPeriodEndMs(context.window().getEnd())
          .setDrivers(batch.stream().map(s -> s.driver).toList())
          .setContributions(batch.stream().map(s -> s.contributions).toList())
          .setCiphertext(ByteBuffer.wrap(scores))
          .build());
      driversScored.inc(batch.size());
      recordsOut.inc();
    }
  }

  @Override
  public void close() {
    if (scorer != null) {
      scorer.close();
    }
  }
}
