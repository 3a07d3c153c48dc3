package io.cpchain.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

class SignedRecordsTest {

  private final AvroMessages<TelemetryFrame> frames = AvroMessages.of(TelemetryFrame.class);

  @Test
  void signedPrefixOfAReceivedFrameIsExactlyWhatTheDeviceSigned() throws Exception {
    TelemetryFrame unsigned = frame(ByteBuffer.allocate(0));
    byte[] toSign = SignedRecords.messageToSign(unsigned, frames);

    byte[] signature = new byte[64];
    Arrays.fill(signature, (byte) 0x5a);
    byte[] received = frames.encode(frame(ByteBuffer.wrap(signature)));
    TelemetryFrame decoded = frames.decode(received);

    int signedLength = SignedRecords.signedLength(received, decoded.getSignature());
    assertArrayEquals(toSign, Arrays.copyOf(received, signedLength));
  }

  @Test
  void signedBytesAreTheCanonicalEncodingOfTheUnsignedFields() throws Exception {
    TelemetryFrame unsigned = frame(ByteBuffer.allocate(0));
    byte[] toSign = SignedRecords.messageToSign(unsigned, frames);

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(body, null);
    out.writeString(unsigned.getDeviceId());
    out.writeString(unsigned.getKeyId());
    out.writeLong(unsigned.getSeq());
    out.writeLong(unsigned.getSentAtMs());
    out.flush();
    byte[] header = Arrays.copyOf(frames.encode(unsigned), 10);
    byte[] prefix = Arrays.copyOf(toSign, header.length + body.size());
    assertArrayEquals(header, Arrays.copyOf(toSign, 10), "marker and writer fingerprint come first");
    assertArrayEquals(body.toByteArray(), Arrays.copyOfRange(prefix, 10, prefix.length));
  }

  @Test
  void varintLengthOfTheSignatureField() {
    assertEquals(1, SignedRecords.signatureFieldLength(0));
    assertEquals(1 + 63, SignedRecords.signatureFieldLength(63)); // zig-zag 126 fits 7 bits
    assertEquals(2 + 64, SignedRecords.signatureFieldLength(64)); // zig-zag 128 needs two bytes
  }

  @Test
  void decodingRejectsForeignBytesAndUnknownSchemas() {
    assertThrows(BadHeaderException.class, () -> frames.decode("not avro".getBytes()));
    byte[] unknownFingerprint = frames.encode(frame(ByteBuffer.allocate(0)));
    unknownFingerprint[5] ^= 0x01;
    assertThrows(MissingSchemaException.class, () -> frames.decode(unknownFingerprint));
  }

  static TelemetryFrame frame(ByteBuffer signature) {
    Reading reading = Reading.newBuilder()
        .setEventTimeMs(1_700_000_000_000L).setLatitude(52.52).setLongitude(13.405)
        .setSpeedKmh(42.5f).setHeadingDeg(90f).setRoadSegmentId(7).setOdometerKm(12_345.6)
        .setLongitudinalAccelMs2(0.4f).setHarshBraking(false).setHarshAcceleration(false)
        .setEnergyLevelPct(81f).build();
    return TelemetryFrame.newBuilder()
        .setDeviceId("veh-0001").setKeyId("0011223344556677").setSeq(42).setSentAtMs(1_700_000_000_500L)
        .setReadings(List.of(reading, reading)).setSignature(signature).build();
  }
}
