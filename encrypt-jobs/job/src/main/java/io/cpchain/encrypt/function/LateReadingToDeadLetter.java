package io.cpchain.encrypt.function;

import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * A reading that came after its interval was encrypted and written: kept whole in the dead letters,
 * with the interval it missed, rather than changing a manifest that may already be anchored.
 */
public final class LateReadingToDeadLetter extends RichMapFunction<ValidReading, DeadLetter> {

  private final String sourceTopic;
  private final long intervalMs;
  private transient AvroMessages<ValidReading> messages;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public LateReadingToDeadLetter(String sourceTopic, Duration interval) {
    this.sourceTopic = sourceTopic;
    this.intervalMs = interval.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    messages = AvroMessages.of(ValidReading.class);
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup()).deadLetters(RejectReason.LATE_EVENT);
  }

  @Override
  public DeadLetter map(ValidReading reading) {
    long eventTime = reading.getReading().getEventTimeMs();
    long start = Math.floorDiv(eventTime, intervalMs) * intervalMs;
    deadLetters.count(RejectReason.LATE_EVENT);
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(messages.encode(reading)))
        .setSourceTopic(sourceTopic)
        // The offset is not carried past decoding; device, frame and index identify the reading.
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReason(RejectReason.LATE_EVENT)
        .setDetail("reading " + reading.getFrameSeq() + "/" + reading.getIndexInFrame() + " at " + eventTime
            + " came after its encryption interval [" + start + ", " + (start + intervalMs) + ") was written")
        .setDeviceId(reading.getDeviceId())
        .setRejectedAtMs(System.currentTimeMillis())
        .build();
  }
}
