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
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One verified frame to its readings, each carrying the frame it came in as provenance and its own
 * event time. A reading already behind the watermark (which follows the gateways' send times per
 * Kafka partition, less the allowed out-of-orderness) would be dropped by every event-time window
 * downstream; it goes to the dead letters instead, whole, so nothing vanishes silently.
 */
public final class FlattenReadings extends ProcessFunction<VerifiedFrame, ValidReading> {

  private transient AvroMessages<ValidReading> messages;
  private transient Counter recordsOut;
  private transient JobMetrics.DeadLetterCounters deadLetters;

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
    long watermark = ctx.timerService().currentWatermark();
    List<Reading> readings = decoded.frame().getReadings();
    for (int i = 0; i < readings.size(); i++) {
      // The constructor, not the builder: this runs once per reading, and the builder validates and
      // copies every field again.
      ValidReading reading = new ValidReading(decoded.deviceId(), verified.ownerId(), decoded.frame().getSeq(),
          frameHash.duplicate(), i, readings.get(i));
      long eventTime = readings.get(i).getEventTimeMs();
      if (eventTime >= watermark) {
        out.collect(reading);
        recordsOut.inc();
      } else {
        FrameRejected late = new FrameRejected(RejectReason.LATE_EVENT, "reading " + i + " of frame "
            + decoded.frame().getSeq() + " at " + eventTime + " is " + (watermark - eventTime)
            + " ms behind the watermark");
        deadLetters.count(RejectReason.LATE_EVENT);
        ctx.output(DeadLetters.TAG, DeadLetters.of(messages.encode(reading), decoded.provenance(), late,
            decoded.deviceId(), ctx.timerService().currentProcessingTime()));
      }
    }
  }
}
