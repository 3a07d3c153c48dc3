package io.cpchain.encrypt.source;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.OwnerKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes owners.keys and checks each key is a valid curve point. A record that fails is logged with
 * its offset and skipped: no data is encrypted to it, and the owner's intervals wait for a good key.
 */
public final class OwnerKeyDeserializer implements KafkaRecordDeserializationSchema<OwnerKey> {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerKeyDeserializer.class);
  private transient AvroMessages<OwnerKey> messages;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    messages = AvroMessages.of(OwnerKey.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<OwnerKey> out) {
    OwnerKey key;
    try {
      key = messages.decode(record.value());
      ByteBuffer point = key.getUmbralPublicKey().duplicate();
      byte[] bytes = new byte[point.remaining()];
      point.get(bytes);
      UmbralPublicKey.fromBytes(bytes);
    } catch (IOException | CryptoFormatException | RuntimeException e) {
      LOG.error("skipping owner key record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      return;
    }
    out.collect(key);
  }

  @Override
  public TypeInformation<OwnerKey> getProducedType() {
    return TypeInformation.of(OwnerKey.class);
  }
}
