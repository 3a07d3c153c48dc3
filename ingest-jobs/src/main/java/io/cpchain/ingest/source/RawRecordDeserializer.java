package io.cpchain.ingest.source;

import io.cpchain.ingest.validation.Provenance;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the bytes and their topic/partition/offset: nothing can fail here, so nothing is lost here. */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    out.collect(new RawRecord(key, record.value(),
        new Provenance(record.topic(), record.partition(), record.offset())));
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
