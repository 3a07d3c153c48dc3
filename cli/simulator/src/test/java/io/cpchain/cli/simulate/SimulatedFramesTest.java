package io.cpchain.cli.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.validation.DecodedFrame;
import io.cpchain.ingest.validation.DeviceSignatureVerifier;
import io.cpchain.ingest.validation.FrameDecoder;
import io.cpchain.ingest.validation.Provenance;
import io.cpchain.ingest.validation.ReadingRules;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.TelemetryFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The simulator's good frames must be good by the ingest job's own rules, or the demo cannot balance. */
class SimulatedFramesTest {

  private final RoadNetwork roads = new RoadNetwork(8);

  @Test
  void aLongDriveGivesPlausibleReadingsThatPassEveryIngestRule() throws Exception {
    Random random = new Random(11);
    Ed25519PrivateKey key = Ed25519PrivateKey.generate();
    Device device = new Device("veh-00001", "owner-0000", key, 0, 0);
    FrameSigner signer = new FrameSigner();
    FrameDecoder decoder = new FrameDecoder();
    DeviceSignatureVerifier signatures = new DeviceSignatureVerifier();
    ReadingRules rules = new ReadingRules();
    Vehicle vehicle = new Vehicle(roads, random);

    long t = 1_750_000_000_000L;
    double previousOdometer = -1;
    int harshEvents = 0;
    for (int frame = 0; frame < 2_000; frame++) {
      List<Reading> readings = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        t += 100;
        Reading reading = vehicle.step(t, 0.1);
        readings.add(reading);
        assertTrue(reading.getOdometerKm() >= previousOdometer, "odometer never goes back");
        previousOdometer = reading.getOdometerKm();
        harshEvents += reading.getHarshBraking() || reading.getHarshAcceleration() ? 1 : 0;
      }
      TelemetryFrame unsigned = TelemetryFrame.newBuilder().setDeviceId(device.deviceId())
          .setKeyId(key.publicKey().keyId()).setSeq(device.takeSeq()).setSentAtMs(t).setReadings(readings)
          .setSignature(ByteBuffer.allocate(0)).build();
      byte[] bytes = signer.encode(signer.sign(unsigned, key));

      DecodedFrame decoded = decoder.decode(bytes, new Provenance("telemetry.raw", 0, frame));
      signatures.verify(decoded, device.registration("0x" + "ab".repeat(20)));
      rules.check(decoded.frame(), device.validFromMs(), 0);
    }
    assertTrue(harshEvents > 0, "a long drive has some harsh braking or acceleration");
    assertEquals(2_000, device.nextSeq());
  }

  @Test
  void vehiclesStayOnTheRoadNetwork() {
    Random random = new Random(5);
    Vehicle vehicle = new Vehicle(roads, random);
    for (int i = 0; i < 5_000; i++) {
      Reading reading = vehicle.step(1_000L * i, 1.0);
      RoadNetwork.Segment segment = roads.segment(reading.getRoadSegmentId());
      assertEquals(segment.headingDeg(), reading.getHeadingDeg(), 0.01);
      // Some drivers speed, and now and then launch hard, but none doubles the limit.
      assertTrue(reading.getSpeedKmh() <= segment.speedLimitKmh() * 1.6, "speed plausible for the road: "
          + reading.getSpeedKmh() + " km/h on a " + segment.speedLimitKmh() + " km/h road");
      assertTrue(Math.abs(reading.getLatitude() - RoadNetwork.CENTER_LAT) < 0.02);
      assertTrue(Math.abs(reading.getLongitude() - RoadNetwork.CENTER_LON) < 0.03);
    }
  }
}
