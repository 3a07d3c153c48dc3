package io.cpchain.encrypt.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.jobs.testing.SourceWatermarks;
import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A device may date its readings up to the ingest job's max-clock-skew ahead: such a reading must
 * not carry the encrypt job's watermark ahead of the clock, or other devices' readings become late.
 */
class ReadValidWatermarksTest {

  @Test
  void aReadingDatedAheadMovesTheWatermarkNoFurtherThanNow() {
    long twoMinutesAhead = System.currentTimeMillis() + Duration.ofMinutes(2).toMillis();
    long watermark = SourceWatermarks.after(
        IntervalEncryptJob.readValid(StreamExecutionEnvironment.getExecutionEnvironment(), EncryptJobConfig.fromArgs()),
        null, twoMinutesAhead);
    assertTrue(watermark <= System.currentTimeMillis(), "watermark " + watermark + " is ahead of the clock");
  }
}
