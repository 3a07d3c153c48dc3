package io.cpchain.ingest.validation;

import io.cpchain.schemas.TelemetryFrame;

/**
 * A frame that decoded, with the bytes it came in (kept for its signature and for the dead-letter
 * topic) and where they came from.
 *
 * @param signedLength how many leading bytes of {@code raw} the signature covers
 * @param frameHash SHA-256 of {@code raw}: the frame's identity in provenance
 */
public record DecodedFrame(
    TelemetryFrame frame, byte[] raw, int signedLength, byte[] frameHash, Provenance provenance) {

  public String deviceId() {
    return frame.getDeviceId();
  }
}
