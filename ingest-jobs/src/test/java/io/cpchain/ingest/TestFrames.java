package io.cpchain.ingest;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.schemas.TelemetryFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Builds signed frames the way a vehicle gateway does, for tests. */
public final class TestFrames {

  public static final long T0 = 1_750_000_000_000L;
  private static final AvroMessages<TelemetryFrame> MESSAGES = AvroMessages.of(TelemetryFrame.class);

  private TestFrames() {}

  public static Reading reading(long eventTimeMs, double odometerKm) {
    return Reading.newBuilder()
        .setEventTimeMs(eventTimeMs).setLatitude(52.52).setLongitude(13.40).setSpeedKmh(48f)
        .setHeadingDeg(90f).setRoadSegmentId(12).setOdometerKm(odometerKm).setLongitudinalAccelMs2(0.3f)
        .setHarshBraking(false).setHarshAcceleration(false).setEnergyLevelPct(77f).build();
  }

  /** {@code count} readings one second apart, ending at {@code endMs}. */
  public static List<Reading> readings(int count, long endMs) {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      readings.add(reading(endMs - (count - 1 - i) * 1_000L, 1_000 + i * 0.01));
    }
    return readings;
  }

  public static TelemetryFrame unsigned(String deviceId, Ed25519PrivateKey key, long seq, List<Reading> readings) {
    long sentAt = readings.get(readings.size() - 1).getEventTimeMs() + 100;
    return TelemetryFrame.newBuilder()
        .setDeviceId(deviceId).setKeyId(key.publicKey().keyId()).setSeq(seq).setSentAtMs(sentAt)
        .setReadings(readings).setSignature(ByteBuffer.allocate(0)).build();
  }

  /** The frame's bytes as they go on telemetry.raw, signed by {@code signer}. */
  public static byte[] signed(TelemetryFrame unsigned, Ed25519PrivateKey signer) {
    byte[] signature = signer.sign(SignedRecords.messageToSign(unsigned, MESSAGES));
    return MESSAGES.encode(TelemetryFrame.newBuilder(unsigned).setSignature(ByteBuffer.wrap(signature)).build());
  }

  public static DeviceRegistration registration(String deviceId, String ownerId, Ed25519PrivateKey key) {
    return DeviceRegistration.newBuilder()
        .setDeviceId(deviceId).setOwnerId(ownerId).setKeyId(key.publicKey().keyId())
        .setPublicKey(ByteBuffer.wrap(key.publicKey().toBytes())).setValidFromMs(T0 - 86_400_000L).build();
  }
}
