package io.cpchain.he.insurance;

import java.io.Serializable;

/**
 * One owner's consent that an insurer scores one device, as the chain finalised it: the
 * timestamps of the blocks that finalised the grant and (if any) its revocation.
 *
 * <p>The rule: a consent covers a scoring period exactly when it was granted at or before the
 * period's start and not revoked by then ({@code grantedAtMs <= start < revokedAtMs}). Only block
 * timestamps and period boundaries decide, so a replay decides the same; a consent given or
 * revoked during a period takes effect at the next period, and a period is scored whole or not at all.
 */
public record Consent(String deviceId, String insurer, long grantedAtMs, Long revokedAtMs) implements Serializable {

  public boolean covers(long periodStartMs) {
    return grantedAtMs <= periodStartMs && (revokedAtMs == null || revokedAtMs > periodStartMs);
  }
}
