package io.cpchain.encrypt.source;

import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EpochKey;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes owners.epoch-keys. A record that does not decode is logged with its offset and skipped:
 * the intervals of its epoch wait for a good certificate. {@code EncryptAndStore} verifies the rest.
 */
public final class EpochKeyDeserializer implements KafkaRecordDeserializationSchema<EpochKey> {

  private static final Logger LOG = LoggerFactory.getLogger(EpochKeyDeserializer.class);
  private transient AvroMessages<EpochKey> messages;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    messages = AvroMessages.of(EpochKey.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EpochKey> out) {
    EpochKey key;
    try {
      key = messages.decode(record.value());
    } catch (IOException | RuntimeException e) {
      LOG.error("skipping epoch key record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    out.collect(key);
  }

  @Override
  public TypeInformation<EpochKey> getProducedType() {
    return TypeInformation.of(EpochKey.class);
  }
}
