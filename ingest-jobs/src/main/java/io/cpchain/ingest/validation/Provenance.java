package io.cpchain.ingest.validation;

/** Where a record was read: kept with it so a dead letter points back at the exact input. */
public record Provenance(String topic, int partition, long offset) {}
