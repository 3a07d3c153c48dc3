package io.cpchain.jobs.source;

import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka deserializer of every job: each record through a {@link RecordDecoder} (usually
 * {@link RecordDecoder#avroValue}), and a record that does not decode handled as the job declares,
 * {@link OnBadRecord}. Build one with {@link #deadLettering}, {@link #skipping} or {@link #failing}.
 * A topic written from outside gets a maximum record size ({@link #limitedTo}): a larger record is
 * a bad one, refused before it is decoded.
 *
 * @param <V> what a record decodes to
 * @param <T> what the source emits: {@code V}, or {@code Decoded<V>} when bad records are dead letters
 */
public final class RecordDeserializer<V, T> implements KafkaRecordDeserializationSchema<T> {

  /** What becomes of a record that does not decode. */
  public enum OnBadRecord {
    /**
     * It goes on as a {@link Decoded#rejected} dead letter (reason UNDECODABLE, or TOO_LARGE with its
     * first bytes up to the limit) for the job's DLQ.
     */
    DEAD_LETTER,
    /** It is logged with its offset, counted in the metric {@value #SKIPPED_METRIC} and goes no further. */
    SKIP,
    /** The task fails, and restarts from its checkpoint onto the same record: for input that is never bad. */
    FAIL
  }

  /** The source's counter of records {@link OnBadRecord#SKIP skipped}. */
  public static final String SKIPPED_METRIC = "undecodableRecordsSkipped";

  private static final Logger LOG = LoggerFactory.getLogger(RecordDeserializer.class);

  private final RecordDecoder<V> decoder;
  private final Class<V> type;
  private final OnBadRecord onBadRecord;
  private final boolean ignoreTombstones;
  private final int maxRecordBytes;
  private transient Counter skipped;

  private RecordDeserializer(RecordDecoder<V> decoder, Class<V> type, OnBadRecord onBadRecord,
      boolean ignoreTombstones, int maxRecordBytes) {
    this.decoder = decoder;
    this.type = type;
    this.onBadRecord = onBadRecord;
    this.ignoreTombstones = ignoreTombstones;
    this.maxRecordBytes = maxRecordBytes;
  }

  public static <V> RecordDeserializer<V, Decoded<V>> deadLettering(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.DEAD_LETTER, false, Integer.MAX_VALUE);
  }

  public static <V> RecordDeserializer<V, V> skipping(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.SKIP, false, Integer.MAX_VALUE);
  }

  public static <V> RecordDeserializer<V, V> failing(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.FAIL, false, Integer.MAX_VALUE);
  }

  /** Records with no value (a compacted topic's deletions) pass silently instead of counting as bad. */
  public RecordDeserializer<V, T> ignoringTombstones() {
    return new RecordDeserializer<>(decoder, type, onBadRecord, true, maxRecordBytes);
  }

  /**
   * Records longer than {@code maxRecordBytes} are bad records, refused before decoding (reason
   * TOO_LARGE): what the topic's real records need, with margin, so that what one record costs to
   * decode and to keep as a dead letter is bounded by the job, not by the writer.
   */
  public RecordDeserializer<V, T> limitedTo(int maxRecordBytes) {
    if (maxRecordBytes <= 0) {
      throw new IllegalArgumentException("a maximum record size must be positive, not " + maxRecordBytes);
    }
    return new RecordDeserializer<>(decoder, type, onBadRecord, ignoreTombstones, maxRecordBytes);
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    if (onBadRecord == OnBadRecord.SKIP) {
      skipped = context.getMetricGroup().counter(SKIPPED_METRIC);
    }
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws IOException {
    if (record.value() == null && ignoreTombstones) {
      return;
    }
    if (record.value() != null && record.value().length > maxRecordBytes) {
      refuse(record, RejectReason.TOO_LARGE, type.getSimpleName() + " of " + record.value().length
          + " bytes, over the limit of " + maxRecordBytes + " bytes of " + record.topic(), null, out);
      return;
    }
    V value;
    try {
      value = decoder.decode(record);
    } catch (IOException | RuntimeException e) {
      refuse(record, RejectReason.UNDECODABLE, "not a " + type.getSimpleName() + ": " + e.getMessage(), e, out);
      return;
    }
    // Outside the try: what the operators chained behind the source throw must fail the task (and
    // replay the record from the checkpoint), not pass for an undecodable record.
    out.collect(emitted(onBadRecord == OnBadRecord.DEAD_LETTER ? Decoded.of(value) : value));
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return (TypeInformation<T>) (onBadRecord == OnBadRecord.DEAD_LETTER ? Decoded.typeOf(type)
        : TypeInformation.of(type));
  }

  /** T is {@code Decoded<V>} exactly when bad records are dead letters: the factories make sure of it. */
  @SuppressWarnings("unchecked")
  private T emitted(Object element) {
    return (T) element;
  }

  /** A bad record, handled as the job declared; {@code cause} is null when nothing was decoded. */
  private void refuse(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail, Exception cause,
      Collector<T> out) throws IOException {
    switch (onBadRecord) {
      case DEAD_LETTER -> out.collect(emitted(Decoded.rejected(deadLetter(record, reason, detail))));
      case SKIP -> {
        LOG.warn("skipping {} {} at {}: {}", reason, type.getSimpleName(), where(record),
            cause == null ? detail : cause.toString());
        skipped.inc();
      }
      case FAIL -> throw new IOException(reason == RejectReason.UNDECODABLE
          ? "undecodable " + type.getSimpleName() + " at " + where(record)
          : detail + " at " + where(record), cause);
    }
  }

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, RejectReason reason, String detail) {
    byte[] value = record.value() == null ? new byte[0] : record.value();
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(value.length > maxRecordBytes ? Arrays.copyOf(value, maxRecordBytes) : value))
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setReason(reason)
        .setDetail(detail)
        .setDeviceId(null)
        .setRejectedAtMs(System.currentTimeMillis())
        .build();
  }

  private static String where(ConsumerRecord<byte[], byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
