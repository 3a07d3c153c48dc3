package io.cpchain.jobs.source;

import io.cpchain.schemas.AvroMessages;
import java.io.IOException;
import java.io.Serializable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a Kafka record becomes in a job; it throws if the record is not one. Serializable: it travels
 * in the job graph inside its {@link RecordDeserializer}.
 */
@FunctionalInterface
public interface RecordDecoder<T> extends Serializable {

  T decode(ConsumerRecord<byte[], byte[]> record) throws IOException;

  /** The record's value in the schemas' single-object Avro encoding. */
  static <V extends SpecificRecord> RecordDecoder<V> avroValue(Class<V> type) {
    return new AvroValue<>(type);
  }

  /** This decoding, then what the job makes of the decoded value and the record it came in. */
  default <R> RecordDecoder<R> then(Mapping<T, R> mapping) {
    return record -> mapping.apply(record, decode(record));
  }

  /** The step after decoding, which may use the record itself (its bytes, its key). */
  @FunctionalInterface
  interface Mapping<T, R> extends Serializable {
    R apply(ConsumerRecord<byte[], byte[]> record, T decoded);
  }

  /** {@link #avroValue}: the decoder holds reusable buffers, so each deserialized copy makes its own. */
  final class AvroValue<V extends SpecificRecord> implements RecordDecoder<V> {

    private final Class<V> type;
    private transient AvroMessages<V> messages;

    private AvroValue(Class<V> type) {
      this.type = type;
    }

    @Override
    public V decode(ConsumerRecord<byte[], byte[]> record) throws IOException {
      if (messages == null) {
        messages = AvroMessages.of(type);
      }
      return messages.decode(record.value());
    }
  }
}
