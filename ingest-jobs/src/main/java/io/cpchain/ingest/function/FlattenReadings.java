package io.cpchain.ingest.function;

import io.cpchain.ingest.serde.DeadLetters;
import io.cpchain.ingest.validation.DecodedFrame;
import io.cpchain.ingest.validation.FrameRejected;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One verified frame to its readings, each carrying the frame it came in as provenance and its own
 * event time. A reading taken more than {@code maxLateness} before its record's Kafka timestamp (the
 * gateway held it back) would be behind the event time of every window downstream; it goes to the
 * dead letters instead, whole, so nothing vanishes silently. The rule reads only the record, never a
 * watermark or a clock: a live run, a replay and a restore judge every reading alike.
 */
public final class FlattenReadings extends ProcessFunction<VerifiedFrame, ValidReading> {

  private final long maxLatenessMs;

  private transient AvroMessages<ValidReading> messages;
  private transient Counter recordsOut;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public FlattenReadings(Duration maxLateness) {
    this.maxLatenessMs = maxLateness.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    messages = AvroMessages.of(ValidReading.class);
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
    deadLetters = metrics.deadLetters(RejectReason.LATE_EVENT);
  }

  @Override
  public void processElement(VerifiedFrame verified, Context ctx, Collector<ValidReading> out) {
    DecodedFrame decoded = verified.decoded();
    ByteBuffer frameHash = ByteBuffer.wrap(decoded.frameHash());
    long onTimeFrom = verified.recordTimestampMs() - maxLatenessMs;
    List<Reading> readings = decoded.frame().getReadings();
    for (int i = 0; i < readings.size(); i++) {
      // The constructor, not the builder: this runs once per reading, and the builder validates and
      // copies every field again.
      ValidReading reading = new ValidReading(decoded.deviceId(), verified.ownerId(), decoded.frame().getSeq(),
          frameHash.duplicate(), i, readings.get(i));
      long eventTime = readings.get(i).getEventTimeMs();
      if (eventTime >= onTimeFrom) {
        out.collect(reading);
        recordsOut.inc();
      } else {
        FrameRejected late = new FrameRejected(RejectReason.LATE_EVENT, "reading " + i + " of frame "
            + decoded.frame().getSeq() + " at " + eventTime + " is " + (verified.recordTimestampMs() - eventTime)
            + " ms older than its record's timestamp " + verified.recordTimestampMs() + " (max-lateness "
            + maxLatenessMs + " ms)");
        deadLetters.count(RejectReason.LATE_EVENT);
        ctx.output(DeadLetters.TAG, DeadLetters.of(messages.encode(reading), decoded.provenance(), late,
            decoded.deviceId(), ctx.timerService().currentProcessingTime()));
      }
    }
  }
}
