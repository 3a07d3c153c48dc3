package io.cpchain.schemas;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where the signed bytes of a {@link TelemetryFrame} are.
 *
 * <p>A frame's Ed25519 signature covers its single-object encoding up to, not including, the
 * {@code signature} field: the marker, the writer schema's fingerprint (so a signature binds the
 * schema version) and the Avro binary encoding of every other field, which is the canonical
 * encoding of the unsigned frame. Because {@code signature} is the last field of every version,
 * the verifier takes those bytes exactly as the device wrote them, without re-encoding.
 */
public final class SignedFrames {

  private SignedFrames() {}

  /** The bytes a device signs: the frame's encoding with an empty signature, minus that field. */
  public static byte[] messageToSign(TelemetryFrame unsigned, AvroMessages<TelemetryFrame> messages) {
    TelemetryFrame copy = TelemetryFrame.newBuilder(unsigned).setSignature(ByteBuffer.allocate(0)).build();
    byte[] encoded = messages.encode(copy);
    return Arrays.copyOf(encoded, encoded.length - signatureFieldLength(0));
  }

  /**
   * Length of the signed prefix of {@code message}, the single-object encoding {@code frame} was
   * decoded from.
   */
  public static int signedLength(byte[] message, TelemetryFrame frame) {
    int signedLength = message.length - signatureFieldLength(frame.getSignature().remaining());
    if (signedLength <= 0) {
      throw new IllegalArgumentException("frame shorter than its signature field");
    }
    return signedLength;
  }

  /** Avro encodes bytes as a zig-zag varint length followed by the bytes. */
  static int signatureFieldLength(int signatureLength) {
    long zigZag = ((long) signatureLength << 1) ^ ((long) signatureLength >> 63);
    int varintBytes = 1;
    while ((zigZag >>>= 7) != 0) {
      varintBytes++;
    }
    return varintBytes + signatureLength;
  }
}
