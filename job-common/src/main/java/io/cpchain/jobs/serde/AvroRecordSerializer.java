package io.cpchain.jobs.serde;

import io.cpchain.schemas.AvroMessages;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an Avro record as a single-object encoded Kafka value, keyed by a string taken from the
 * record (the device id, so one device's records stay in order on one partition) and timestamped
 * by the record.
 */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

  private final String topic;
  private final Class<T> type;
  private final SerializableFunction<T, String> key;
  private final SerializableFunction<T, Long> timestamp;
  private transient AvroMessages<T> messages;

  /** @param timestamp the Kafka record timestamp: event time for readings, rejection time for dead letters */
  public AvroRecordSerializer(String topic, Class<T> type, SerializableFunction<T, String> key,
      SerializableFunction<T, Long> timestamp) {
    this.topic = topic;
    this.type = type;
    this.key = key;
    this.timestamp = timestamp;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    messages = AvroMessages.of(type);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long elementTimestamp) {
    String recordKey = key.apply(record);
    byte[] keyBytes = recordKey == null ? null : recordKey.getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(topic, null, timestamp.apply(record), keyBytes, messages.encode(record));
  }
}
