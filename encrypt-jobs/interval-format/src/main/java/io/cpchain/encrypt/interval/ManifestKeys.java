package io.cpchain.encrypt.interval;

import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.IntervalManifest;
import java.time.Duration;

/**
 * Which secret opens a manifest's capsule: the owner's hardened epoch secret of the interval's
 * (device, key epoch, epoch length), or, in a manifest written before key epochs (v1,
 * {@code keyEpochLengthMs} 0), the owner's own key. A grantee does not derive keys: it uses the epoch
 * keys its grant's terms name.
 */
public final class ManifestKeys {

  private ManifestKeys() {}

  public static UmbralSecretKey delegatingSecret(IntervalManifest manifest, UmbralSecretKey owner)
      throws IntervalReadException {
    long lengthMs = manifest.getKeyEpochLengthMs();
    if (lengthMs == 0) {
      return owner;
    }
    if (lengthMs < 0 || manifest.getKeyEpoch()
        != EpochKeys.epochOf(manifest.getIntervalStartMs(), Duration.ofMillis(lengthMs))) {
      throw new IntervalReadException("interval " + manifest.getDeviceId() + " [" + manifest.getIntervalStartMs()
          + ", " + manifest.getIntervalEndMs() + "): key epoch " + manifest.getKeyEpoch() + " of " + lengthMs
          + " ms does not contain the interval's start");
    }
    return EpochKeys.epochSecret(owner, manifest.getDeviceId(), manifest.getKeyEpoch(), Duration.ofMillis(lengthMs));
  }
}
