package io.cpchain.he.insurance;

import java.util.List;

/**
 * Consents as the chain finalised them at one moment: a device is covered for a period when any
 * of its consents to the insurer covers it ({@link Consent#covers}; a device re-granted after a
 * revocation has two).
 */
public record ConsentSet(List<Consent> consents) implements ConsentRegistry {

  public ConsentSet {
    consents = List.copyOf(consents);
  }

  @Override
  public boolean covers(String deviceId, String insurer, long periodStartMs) {
    for (Consent consent : consents) {
      if (consent.deviceId().equals(deviceId) && consent.insurer().equalsIgnoreCase(insurer)
          && consent.covers(periodStartMs)) {
        return true;
      }
    }
    return false;
  }
}
