package io.cpchain.ingest.source;

import io.cpchain.ingest.validation.Provenance;

/** A record from telemetry.raw exactly as it was on the topic; decoding is a later, checked step. */
public record RawRecord(byte[] value, Provenance provenance) {}
