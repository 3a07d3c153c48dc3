package io.cpchain.anchor.function;

/**
 * A record of the manifests topic that decoded as a manifest, not yet authenticated: its bytes exactly
 * as published (what is verified and hashed) and where it was, for a dead letter.
 */
public record PublishedManifest(byte[] encoded, String deviceId, String topic, int partition, long offset) {}
