package io.cpchain.jobs.function;

import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.time.Duration;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * A record that came after the event-time window it belongs to had closed (a window's
 * {@code sideOutputLateData}): kept whole in the dead letters as {@link RejectReason#LATE_EVENT},
 * with what it missed, rather than dropped and visible only in Flink's numLateRecordsDropped.
 */
public final class LateToDeadLetter<T extends SpecificRecord> extends RichMapFunction<T, DeadLetter> {

  private final Class<T> type;
  private final String sourceTopic;
  private final SerializableFunction<T, String> deviceId;
  private final SerializableFunction<T, String> detail;
  private transient AvroMessages<T> messages;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  /**
   * @param deviceId the device the record is of, or null where the record does not say
   * @param detail what the record is and which window it missed, for a person reading the DLQ
   */
  public LateToDeadLetter(Class<T> type, String sourceTopic, SerializableFunction<T, String> deviceId,
      SerializableFunction<T, String> detail) {
    this.type = type;
    this.sourceTopic = sourceTopic;
    this.deviceId = deviceId;
    this.detail = detail;
  }

  /**
   * For readings that came after their tumbling window of {@code window} was done with: the detail
   * names the reading and "its {@code what} [start, end) {@code missed}" (e.g. "encryption interval",
   * "was written").
   */
  public static LateToDeadLetter<ValidReading> forReadings(String sourceTopic, Duration window, String what,
      String missed) {
    long windowMs = window.toMillis();
    return new LateToDeadLetter<>(ValidReading.class, sourceTopic, ValidReading::getDeviceId,
        r -> "reading " + r.getFrameSeq() + "/" + r.getIndexInFrame() + " at " + r.getReading().getEventTimeMs()
            + " came after its " + what + " " + window(r.getReading().getEventTimeMs(), windowMs) + " " + missed);
  }

  /** {@code [start, end)} of the tumbling window of {@code windowMs} that holds {@code eventTimeMs}. */
  public static String window(long eventTimeMs, long windowMs) {
    long start = Math.floorDiv(eventTimeMs, windowMs) * windowMs;
    return "[" + start + ", " + (start + windowMs) + ")";
  }

  @Override
  public void open(OpenContext openContext) {
    messages = AvroMessages.of(type);
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup()).deadLetters(RejectReason.LATE_EVENT);
  }

  @Override
  public DeadLetter map(T record) {
    deadLetters.count(RejectReason.LATE_EVENT);
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(messages.encode(record)))
        .setSourceTopic(sourceTopic)
        // The offset is not carried past decoding; the record's own fields identify it.
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReason(RejectReason.LATE_EVENT)
        .setDetail(detail.apply(record))
        .setDeviceId(deviceId.apply(record))
        .setRejectedAtMs(System.currentTimeMillis())
        .build();
  }
}
