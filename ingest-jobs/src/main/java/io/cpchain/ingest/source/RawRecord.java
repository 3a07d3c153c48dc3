package io.cpchain.ingest.source;

import io.cpchain.ingest.validation.Provenance;

/**
 * A record from telemetry.raw exactly as it was on the topic; decoding is a later, checked step.
 *
 * @param deviceKey the Kafka record key as text: gateways key frames by device id, which keeps a
 *     device's frames in order and lets the job route them to their device's state before decoding
 *     them ("" when the record has no key)
 */
public record RawRecord(String deviceKey, byte[] value, Provenance provenance) {}
