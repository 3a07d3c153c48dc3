package io.cpchain.he.source;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.job.InsuranceContributionJob;
import io.cpchain.he.job.InsuranceScoringJob;
import io.cpchain.he.job.TrafficAggregationJob;
import io.cpchain.he.job.TrafficContributionJob;
import io.cpchain.jobs.testing.SourceWatermarks;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Each of the four jobs' sources: a record dated ten years ahead moves its watermark no further than now. */
class KafkaSourcesTest {

  private static final long TEN_YEARS_AHEAD = System.currentTimeMillis() + Duration.ofDays(3652).toMillis();

  @Test
  void noSourceWatermarkRunsAheadOfTheClock() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TrafficJobConfig traffic = TrafficJobConfig.fromArgs();
    InsuranceJobConfig insurance = InsuranceJobConfig.fromArgs();
    long[] watermarks = {
        SourceWatermarks.after(TrafficContributionJob.readValid(env, traffic), null, TEN_YEARS_AHEAD),
        SourceWatermarks.after(TrafficAggregationJob.readContributions(env, traffic), null, TEN_YEARS_AHEAD),
        SourceWatermarks.after(InsuranceContributionJob.readValid(env, insurance), null, TEN_YEARS_AHEAD),
        SourceWatermarks.after(InsuranceScoringJob.readContributions(env, insurance), null, TEN_YEARS_AHEAD)};
    for (long watermark : watermarks) {
      assertTrue(watermark <= System.currentTimeMillis(), "watermark " + watermark + " is ahead of the clock");
    }
  }
}
