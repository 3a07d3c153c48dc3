package io.cpchain.encrypt.interval;

import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.IntervalManifest;
import java.time.Duration;

/**
 * Which key a manifest's capsule is for: the owner's delegating key of the interval's (device, key
 * epoch), or, in a manifest written before key epochs (v1, {@code keyEpochLengthMs} 0), the owner's
 * own key. The owner opens a capsule with {@link #delegatingSecret}; a grantee verifies cfrags and
 * decapsulates against {@link #delegatingKey}.
 */
public final class ManifestKeys {

  private ManifestKeys() {}

  public static UmbralPublicKey delegatingKey(IntervalManifest manifest, UmbralPublicKey owner)
      throws IntervalReadException {
    return hasKeyEpoch(manifest)
        ? EpochKeys.delegatingKey(owner, manifest.getDeviceId(), manifest.getKeyEpoch())
        : owner;
  }

  public static UmbralSecretKey delegatingSecret(IntervalManifest manifest, UmbralSecretKey owner)
      throws IntervalReadException {
    return hasKeyEpoch(manifest)
        ? EpochKeys.delegatingSecret(owner, manifest.getDeviceId(), manifest.getKeyEpoch())
        : owner;
  }

  /** Whether the manifest names a key epoch; one that disagrees with the interval's start is refused. */
  private static boolean hasKeyEpoch(IntervalManifest manifest) throws IntervalReadException {
    long lengthMs = manifest.getKeyEpochLengthMs();
    if (lengthMs == 0) {
      return false;
    }
    if (lengthMs < 0 || manifest.getKeyEpoch()
        != EpochKeys.epochOf(manifest.getIntervalStartMs(), Duration.ofMillis(lengthMs))) {
      throw new IntervalReadException("interval " + manifest.getDeviceId() + " [" + manifest.getIntervalStartMs()
          + ", " + manifest.getIntervalEndMs() + "): key epoch " + manifest.getKeyEpoch() + " of " + lengthMs
          + " ms does not contain the interval's start");
    }
    return true;
  }
}
