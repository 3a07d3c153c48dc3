package io.cpchain.jobs.source;

import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 *
 * @param <V> what a record decodes to
 * @param <T> what the source emits: {@code V}, or {@code Decoded<V>} when bad records are dead letters
 */
public final class RecordDeserializer<V, T> implements KafkaRecordDeserializationSchema<T> {

  /** What becomes of a record that does not decode. */
  public enum OnBadRecord {
    /** It goes on as a {@link Decoded#rejected} dead letter (reason UNDECODABLE) for the job's DLQ. */
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
  private transient Counter skipped;

  private RecordDeserializer(RecordDecoder<V> decoder, Class<V> type, OnBadRecord onBadRecord,
      boolean ignoreTombstones) {
    this.decoder = decoder;
    this.type = type;
    this.onBadRecord = onBadRecord;
    this.ignoreTombstones = ignoreTombstones;
  }

  public static <V> RecordDeserializer<V, Decoded<V>> deadLettering(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.DEAD_LETTER, false);
  }

  public static <V> RecordDeserializer<V, V> skipping(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.SKIP, false);
  }

  public static <V> RecordDeserializer<V, V> failing(RecordDecoder<V> decoder, Class<V> type) {
    return new RecordDeserializer<>(decoder, type, OnBadRecord.FAIL, false);
  }

  /** Records with no value (a compacted topic's deletions) pass silently instead of counting as bad. */
  public RecordDeserializer<V, T> ignoringTombstones() {
    return new RecordDeserializer<>(decoder, type, onBadRecord, true);
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
    V value;
    try {
      value = decoder.decode(record);
    } catch (IOException | RuntimeException e) {
      switch (onBadRecord) {
        case DEAD_LETTER -> out.collect(emitted(Decoded.rejected(deadLetter(record, e))));
        case SKIP -> {
          LOG.warn("skipping undecodable {} at {}: {}", type.getSimpleName(), where(record), e.toString());
          skipped.inc();
        }
        case FAIL -> throw new IOException("undecodable " + type.getSimpleName() + " at " + where(record), e);
      }
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

  private DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, Exception e) {
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setReason(RejectReason.UNDECODABLE)
        .setDetail("not a " + type.getSimpleName() + ": " + e.getMessage())
        .setDeviceId(null)
        .setRejectedAtMs(System.currentTimeMillis())
        .build();
  }

  private static String where(ConsumerRecord<byte[], byte[]> record) {
    return record.topic() + "-" + record.partition() + "@" + record.offset();
  }
}
