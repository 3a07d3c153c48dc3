package io.cpchain.ingest.validation;

import io.cpchain.schemas.DeviceRegistration;

/**
 * What the chain source hands the ingest job: a device's registration, or (with none) word that the
 * source has read the chain up to {@code caughtUpTo}, every final block the chain had when it
 * started. Until then the job cannot tell an unknown device from one it has not read yet.
 */
public record ChainUpdate(DeviceRegistration registration, long caughtUpTo) {

  public static ChainUpdate of(DeviceRegistration registration) {
    return new ChainUpdate(registration, -1);
  }

  public static ChainUpdate caughtUp(long height) {
    return new ChainUpdate(null, height);
  }

  public boolean isCaughtUp() {
    return registration == null;
  }
}
