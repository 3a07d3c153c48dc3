package io.cpchain.he.source;

import io.cpchain.schemas.AvroMessages;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads single-object encoded Avro values from a topic the pipeline's own jobs write. A value that
 * does not decode is an operator error (a foreign producer): logged with its offset and skipped
 * rather than failing the job over and over on the same record.
 */
public final class AvroValueDeserializer<T extends SpecificRecord> implements KafkaRecordDeserializationSchema<T> {

  private static final Logger LOG = LoggerFactory.getLogger(AvroValueDeserializer.class);

  private final Class<T> type;
  private transient AvroMessages<T> messages;

  public AvroValueDeserializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    messages = AvroMessages.of(type);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    T value;
    try {
      value = messages.decode(record.value());
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping undecodable {} at {}-{}@{}: {}", type.getSimpleName(),
          record.topic(), record.partition(), record.offset(), e.toString());
      return;
    }
    // Outside the try: what the operators chained behind the source throw must fail the task (and
    // replay the record from the checkpoint), not pass for an undecodable record and drop it.
    out.collect(value);
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
