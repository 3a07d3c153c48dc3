package io.cpchain.ingest.source;

import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeviceRegistration;
import java.io.IOException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads devices.registrations. The topic is written by the registration service, not by devices,
 * so a record that does not decode is an operator error: it is logged with its offset and skipped
 * (the device stays unknown and its frames go to the dead-letter topic), rather than failing the job.
 */
public final class RegistrationDeserializer implements KafkaRecordDeserializationSchema<DeviceRegistration> {

  private static final Logger LOG = LoggerFactory.getLogger(RegistrationDeserializer.class);

  private transient AvroMessages<DeviceRegistration> messages;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    messages = AvroMessages.of(DeviceRegistration.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeviceRegistration> out) {
    if (record.value() == null) {
      return; // a compaction tombstone: registrations are superseded, never deleted
    }
    DeviceRegistration registration;
    try {
      registration = messages.decode(record.value());
    } catch (IOException | RuntimeException e) {
      LOG.warn("skipping undecodable registration at {}-{}@{}: {}",
          record.topic(), record.partition(), record.offset(), e.toString());
      return;
    }
    // Outside the try: a failure downstream (chained operators run inside collect) is not a bad record.
    out.collect(registration);
  }

  @Override
  public TypeInformation<DeviceRegistration> getProducedType() {
    return TypeInformation.of(DeviceRegistration.class);
  }
}
