package io.cpchain.ingest.validation;

import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.schemas.TelemetryFrame;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;

/** Turns the bytes on telemetry.raw into a {@link DecodedFrame}, or says why they are not one. */
public final class FrameDecoder {

  private final AvroMessages<TelemetryFrame> messages = AvroMessages.of(TelemetryFrame.class);
  private final MessageDigest sha256;

  public FrameDecoder() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /**
   * Refuses a record longer than {@code maxFrameBytes} before anything decodes or keeps it. (Decoding
   * is bounded by the record's own length, schemas' {@code AvroMessages}; this bounds the record.)
   */
  public static void checkSize(byte[] raw, int maxFrameBytes) throws FrameRejected {
    if (raw != null && raw.length > maxFrameBytes) {
      throw new FrameRejected(RejectReason.TOO_LARGE, "record of " + raw.length + " bytes, over the limit of "
          + maxFrameBytes + " bytes for a frame (max-frame-bytes); the first " + maxFrameBytes + " are kept");
    }
  }

  public DecodedFrame decode(byte[] raw, Provenance provenance) throws FrameRejected {
    if (raw == null || raw.length == 0) {
      throw new FrameRejected(RejectReason.UNDECODABLE, "empty record");
    }
    TelemetryFrame frame;
    try {
      frame = messages.decode(raw);
    } catch (MissingSchemaException e) {
      throw new FrameRejected(RejectReason.UNKNOWN_SCHEMA, "writer schema fingerprint " + fingerprintOf(raw)
          + " is not a known TelemetryFrame version");
    } catch (BadHeaderException e) {
      throw new FrameRejected(RejectReason.UNDECODABLE, "not an Avro single-object message: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      // Malformed bodies surface as any of several IO and runtime exceptions from Avro's decoder.
      throw new FrameRejected(RejectReason.UNDECODABLE, "body does not decode as TelemetryFrame: " + describe(e));
    }
    int signedLength;
    try {
      signedLength = SignedRecords.signedLength(raw, frame.getSignature());
    } catch (IllegalArgumentException e) {
      throw new FrameRejected(RejectReason.UNDECODABLE, e.getMessage());
    }
    return new DecodedFrame(frame, raw, signedLength, sha256.digest(raw), provenance);
  }

  private static String fingerprintOf(byte[] raw) {
    StringBuilder hex = new StringBuilder();
    for (int i = 9; i >= 2 && i < raw.length; i--) { // little-endian on the wire
      hex.append(String.format("%02x", raw[i]));
    }
    return hex.toString();
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
