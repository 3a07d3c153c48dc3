package io.cpchain.ingest.source;

import io.cpchain.ingest.validation.Provenance;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record from telemetry.raw exactly as it was on the topic; decoding is a later, checked step.
 *
 * @param deviceKey the Kafka record key as text: gateways key frames by device id, which keeps a
 *     device's frames in order and lets the job route them to their device's state before decoding
 *     them ("" when the record has no key)
 * @param timestampMs the record's Kafka timestamp (when the gateway sent it, as the log says): the
 *     time the job's rules measure readings against, so that they depend on the log, not on when the
 *     job happens to read it
 */
public record RawRecord(String deviceKey, byte[] value, long timestampMs, Provenance provenance) {

  /** Keeps the bytes and their topic/partition/offset: nothing can fail here, so nothing is lost here. */
  public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
    String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
    return new RawRecord(key, record.value(), record.timestamp(), new Provenance(record.topic(), record.partition(), record.offset()));
  }
}
