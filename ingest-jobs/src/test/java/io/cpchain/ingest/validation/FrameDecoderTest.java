package io.cpchain.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.TestFrames;
import io.cpchain.schemas.RejectReason;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static final Provenance FROM = new Provenance("telemetry.raw", 1, 42);
  private final FrameDecoder decoder = new FrameDecoder();
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate();
  private final byte[] frame = TestFrames.signed(
      TestFrames.unsigned("veh-1", key, 7, TestFrames.readings(3, TestFrames.T0)), key);

  @Test
  void decodesAFrameWithItsSignedPrefixAndHash() throws Exception {
    DecodedFrame decoded = decoder.decode(frame, FROM);

    assertEquals("veh-1", decoded.deviceId());
    assertEquals(7, decoded.frame().getSeq());
    assertEquals(3, decoded.frame().getReadings().size());
    assertEquals(frame.length - 66, decoded.signedLength(), "64-byte signature plus its 2-byte varint length");
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(frame), decoded.frameHash());
    assertEquals(FROM, decoded.provenance());
  }

  @Test
  void bytesThatAreNotAFrameAreUndecodable() {
    assertReason(RejectReason.UNDECODABLE, new byte[0]);
    assertReason(RejectReason.UNDECODABLE, "{\"deviceId\":\"veh-1\"}".getBytes());
    assertReason(RejectReason.UNDECODABLE, Arrays.copyOf(frame, frame.length / 2));
  }

  @Test
  void anUnknownWriterSchemaIsNamedAsSuch() {
    byte[] otherSchema = frame.clone();
    otherSchema[4] ^= 0x10;
    FrameRejected rejected = assertReason(RejectReason.UNKNOWN_SCHEMA, otherSchema);
    assertEquals(true, rejected.detail().contains("not a known TelemetryFrame version"));
  }

  @Test
  void everyTruncationAndByteFlipIsDecodedOrRejectedNeverThrownElsewise() {
    for (int length = 0; length < frame.length; length++) {
      byte[] truncated = Arrays.copyOf(frame, length);
      assertThrows(FrameRejected.class, () -> decoder.decode(truncated, FROM), "truncated to " + length);
    }
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      byte[] flipped = frame.clone();
      flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
      try {
        decoder.decode(flipped, FROM);
      } catch (FrameRejected expected) {
        // either outcome is fine; anything else (a runtime exception) fails the test
      }
    }
  }

  @Test
  void aFrameClaimingBillionsOfReadingsIsUndecodableNotAnOutOfMemoryError() {
    byte[] poison = TestFrames.claimingReadings("v1", TestFrames.HUGE_COUNT);
    FrameRejected rejected = assertReason(RejectReason.UNDECODABLE, poison);
    assertEquals("body does not decode as TelemetryFrame: array of 2147483639 items in a message of 21 bytes",
        rejected.detail());
  }

  @Test
  void aRecordOverTheSizeLimitIsTooLargeBeforeAnythingDecodesIt() throws Exception {
    FrameDecoder.checkSize(frame, frame.length);
    FrameDecoder.checkSize(null, 1); // an empty record is the decoder's to refuse
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> FrameDecoder.checkSize(frame, frame.length - 1));
    assertEquals(RejectReason.TOO_LARGE, rejected.reason());
    assertEquals("record of " + frame.length + " bytes, over the limit of " + (frame.length - 1)
        + " bytes for a frame (max-frame-bytes); the first " + (frame.length - 1) + " are kept", rejected.detail());
  }

  private FrameRejected assertReason(RejectReason reason, byte[] bytes) {
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> decoder.decode(bytes, FROM));
    assertEquals(reason, rejected.reason(), rejected.detail());
    return rejected;
  }
}
