package io.cpchain.anchor.batch;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One manifest waiting to be anchored: its hash (SHA-256 of the single-object encoding as published,
 * the Merkle leaf) and what a receipt names it by. {@code seenAtMs} is when the job read it, for the
 * anchor latency.
 */
public record ManifestRef(byte[] hash, String deviceId, long intervalStartMs, long intervalEndMs, long seenAtMs) {

  public ManifestRef {
    if (hash.length != 32) {
      throw new IllegalArgumentException("a manifest hash has 32 bytes, not " + hash.length);
    }
    hash = hash.clone();
  }

  /** The hash that is anchored for a manifest published as {@code encodedManifest}. */
  public static byte[] hashOf(byte[] encodedManifest) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(encodedManifest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ManifestRef m && Arrays.equals(hash, m.hash) && deviceId.equals(m.deviceId)
        && intervalStartMs == m.intervalStartMs && intervalEndMs == m.intervalEndMs && seenAtMs == m.seenAtMs;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }
}
