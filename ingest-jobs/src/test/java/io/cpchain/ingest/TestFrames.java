package io.cpchain.ingest;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.SignedRecords;
import io.cpchain.schemas.TelemetryFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Builds signed frames the way a vehicle gateway does, for tests. */
public final class TestFrames {

  public static final long T0 = 1_750_000_000_000L;
  /** When the tests' device keys become valid: a day before {@link #T0}. */
  public static final long KEY_VALID_FROM = T0 - 86_400_000L;
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

  /** The largest array Avro 1.11's own default limit lets through: 2^31 - 9 items, 8 GiB of references. */
  public static final long HUGE_COUNT = Integer.MAX_VALUE - 8;

  /**
   * A poison record: a frame of the current schema that claims {@code readings} readings and holds
   * none. With a two-character device id it is 21 bytes.
   */
  public static byte[] claimingReadings(String deviceId, long readings) {
    byte[] header = Arrays.copyOf(MESSAGES.encode(TelemetryFrame.newBuilder().setDeviceId("").setKeyId("")
        .setSeq(0).setSentAtMs(0).setReadings(List.of()).setSignature(ByteBuffer.allocate(0)).build()), 10);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(header);
      BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
      body.writeString(deviceId);
      body.writeString(""); // keyId
      body.writeLong(0); // seq
      body.writeLong(0); // sentAtMs
      body.writeLong(readings); // the readings array: one block of this many items, and no item
      body.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static DeviceRegistration registration(String deviceId, String ownerId, Ed25519PrivateKey key) {
    return DeviceRegistration.newBuilder()
        .setDeviceId(deviceId).setOwnerId(ownerId).setKeyId(key.publicKey().keyId())
        .setPublicKey(ByteBuffer.wrap(key.publicKey().toBytes())).setValidFromMs(KEY_VALID_FROM).build();
  }
}
