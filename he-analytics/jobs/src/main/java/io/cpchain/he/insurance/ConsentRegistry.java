package io.cpchain.he.insurance;

import java.io.Serializable;

/**
 * Where owners' consents are recorded (the chain: {@link ChainConsents}). The gateway asks it
 * before encrypting a driver's features for an insurer; implementations apply {@link Consent#covers}.
 */
public interface ConsentRegistry extends Serializable {

  /** Whether {@code deviceId}'s owner lets {@code insurer} score the period starting at {@code periodStartMs}. */
  boolean covers(String deviceId, String insurer, long periodStartMs);
}
