package io.cpchain.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.TestFrames;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.TelemetryFrame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeviceSignatureVerifierTest {

  private static final Provenance FROM = new Provenance("telemetry.raw", 0, 0);
  private final FrameDecoder decoder = new FrameDecoder();
  private final DeviceSignatureVerifier verifier = new DeviceSignatureVerifier();
  private final Ed25519PrivateKey deviceKey = Ed25519PrivateKey.generate();
  private final DeviceRegistration registration = TestFrames.registration("veh-1", "owner-1", deviceKey);
  private final TelemetryFrame unsigned = TestFrames.unsigned("veh-1", deviceKey, 1,
      TestFrames.readings(5, TestFrames.T0));

  @Test
  void acceptsAFrameSignedByTheRegisteredKey() throws Exception {
    verifier.verify(decoder.decode(TestFrames.signed(unsigned, deviceKey), FROM), registration);
  }

  @Test
  void rejectsAFrameReSignedByAnotherKeyUnderTheDevicesKeyId() throws Exception {
    Ed25519PrivateKey attacker = Ed25519PrivateKey.generate();
    byte[] forged = TestFrames.signed(unsigned, attacker); // keyId still names the device's key
    assertReason(RejectReason.BAD_SIGNATURE, forged, registration);
  }

  @Test
  void rejectsEveryFlippedByteOfTheSignedPart() throws Exception {
    byte[] frame = TestFrames.signed(unsigned, deviceKey);
    int signedLength = decoder.decode(frame, FROM).signedLength();
    for (int i = 10; i < signedLength; i++) { // after the header: the body the device signed
      byte[] tampered = frame.clone();
      tampered[i] ^= 0x01;
      DecodedFrame decoded;
      try {
        decoded = decoder.decode(tampered, FROM);
      } catch (FrameRejected undecodable) {
        continue; // a flip that breaks the encoding is caught earlier, also fine
      }
      if (!decoded.deviceId().equals("veh-1") || !decoded.frame().getKeyId().equals(registration.getKeyId())) {
        continue; // names another device or key: rejected by registration lookup or key id
      }
      int at = i;
      FrameRejected rejected = assertThrows(FrameRejected.class, () -> verifier.verify(decoded, registration),
          "flip at " + at);
      assertEquals(RejectReason.BAD_SIGNATURE, rejected.reason());
    }
  }

  @Test
  void rejectsAFrameThatNamesAnotherKey() throws Exception {
    Ed25519PrivateKey other = Ed25519PrivateKey.generate();
    byte[] frame = TestFrames.signed(TestFrames.unsigned("veh-1", other, 1, TestFrames.readings(2, TestFrames.T0)),
        other);
    FrameRejected rejected = assertReason(RejectReason.BAD_SIGNATURE, frame, registration);
    assertEquals(true, rejected.detail().contains("registered with key " + registration.getKeyId()));
  }

  @Test
  void rejectsASignatureOfTheWrongLength() throws Exception {
    TelemetryFrame shortSignature = TelemetryFrame.newBuilder(unsigned)
        .setSignature(ByteBuffer.wrap(new byte[63])).build();
    byte[] frame = io.cpchain.schemas.AvroMessages.of(TelemetryFrame.class).encode(shortSignature);
    assertReason(RejectReason.BAD_SIGNATURE, frame, registration);
  }

  @Test
  void followsARegistrationThatRotatesTheKey() throws Exception {
    verifier.verify(decoder.decode(TestFrames.signed(unsigned, deviceKey), FROM), registration);
    Ed25519PrivateKey rotated = Ed25519PrivateKey.generate();
    DeviceRegistration newRegistration = TestFrames.registration("veh-1", "owner-1", rotated);
    verifier.forget("veh-1");
    byte[] newFrame = TestFrames.signed(TestFrames.unsigned("veh-1", rotated, 2, TestFrames.readings(2,
        TestFrames.T0)), rotated);
    verifier.verify(decoder.decode(newFrame, FROM), newRegistration);
    assertReason(RejectReason.BAD_SIGNATURE, TestFrames.signed(unsigned, deviceKey), newRegistration);
  }

  private FrameRejected assertReason(RejectReason reason, byte[] frame, DeviceRegistration registration)
      throws FrameRejected {
    DecodedFrame decoded = decoder.decode(frame, FROM);
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> verifier.verify(decoded, registration));
    assertEquals(reason, rejected.reason(), rejected.detail());
    return rejected;
  }
}
