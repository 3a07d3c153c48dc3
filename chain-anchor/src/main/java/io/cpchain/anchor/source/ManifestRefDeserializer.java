package io.cpchain.anchor.source;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A manifest record → its hash over the bytes exactly as published (what is anchored), with the
 * device and interval a receipt names. A record that is not a manifest is logged and skipped: there
 * is nothing in it to anchor for anyone, and it must not stop the job.
 */
public final class ManifestRefDeserializer implements KafkaRecordDeserializationSchema<ManifestRef> {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestRefDeserializer.class);
  private transient AvroMessages<IntervalManifest> messages;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ManifestRef> out) {
    if (messages == null) {
      messages = AvroMessages.of(IntervalManifest.class);
    }
    if (record.value() == null) {
      LOG.warn("skipping record {}-{}@{}: no value", record.topic(), record.partition(), record.offset());
      return;
    }
    IntervalManifest manifest;
    try {
      manifest = messages.decode(record.value());
    } catch (IOException | AvroRuntimeException notAManifest) {
      LOG.warn("skipping record {}-{}@{}: not a manifest ({})", record.topic(), record.partition(), record.offset(),
          notAManifest.toString());
      return;
    }
    out.collect(new ManifestRef(ManifestRef.hashOf(record.value()), manifest.getDeviceId(),
        manifest.getIntervalStartMs(), manifest.getIntervalEndMs(), System.currentTimeMillis()));
  }

  @Override
  public TypeInformation<ManifestRef> getProducedType() {
    return TypeInformation.of(ManifestRef.class);
  }
}
