package io.cpchain.ingest.function;

import io.cpchain.ingest.validation.DecodedFrame;

/**
 * A frame that is authentic, plausible and seen for the first time, with its owner and its record's
 * Kafka timestamp ({@code RawRecord.timestampMs}).
 */
public record VerifiedFrame(DecodedFrame decoded, String ownerId, long recordTimestampMs) {}
