package io.cpchain.encrypt.source;

import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes telemetry.valid; a record that does not decode becomes a dead letter with its bytes and
 * offset instead of stopping the job or vanishing.
 */
public final class ValidReadingDeserializer implements KafkaRecordDeserializationSchema<IncomingReading> {

  private transient AvroMessages<ValidReading> messages;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    messages = AvroMessages.of(ValidReading.class);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingReading> out) {
    ValidReading reading;
    try {
      reading = messages.decode(record.value());
    } catch (IOException | RuntimeException e) {
      out.collect(IncomingReading.rejected(DeadLetter.newBuilder()
          .setOriginalBytes(ByteBuffer.wrap(record.value() == null ? new byte[0] : record.value()))
          .setSourceTopic(record.topic())
          .setSourcePartition(record.partition())
          .setSourceOffset(record.offset())
          .setReason(RejectReason.UNDECODABLE)
          .setDetail("not a ValidReading: " + e.getMessage())
          .setDeviceId(null)
          .setRejectedAtMs(System.currentTimeMillis())
          .build()));
      return;
    }
    // Outside the try: a failure downstream (chained operators run inside collect) is not a bad record.
    out.collect(IncomingReading.of(reading));
  }

  @Override
  public TypeInformation<IncomingReading> getProducedType() {
    return TypeInformation.of(IncomingReading.class);
  }
}
