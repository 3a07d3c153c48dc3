package io.cpchain.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.TestFrames;
import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.TelemetryFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ReadingRulesTest {

  private static final long VALID_FROM = TestFrames.T0 - 86_400_000L;
  private final ReadingRules rules = new ReadingRules();
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate();

  @Test
  void aPlausibleFramePasses() throws Exception {
    rules.check(frame(TestFrames.readings(10, TestFrames.T0)), VALID_FROM, 0);
  }

  @Test
  void valuesOutsidePhysicalRangesAreOutOfRange() {
    assertOutOfRange(r -> Reading.newBuilder(r).setLatitude(123).build(), "latitude 123.0");
    assertOutOfRange(r -> Reading.newBuilder(r).setLongitude(-181).build(), "longitude");
    assertOutOfRange(r -> Reading.newBuilder(r).setSpeedKmh(-5f).build(), "speedKmh -5.0");
    assertOutOfRange(r -> Reading.newBuilder(r).setSpeedKmh(Float.NaN).build(), "speedKmh NaN");
    assertOutOfRange(r -> Reading.newBuilder(r).setSpeedKmh(301f).build(), "speedKmh");
    assertOutOfRange(r -> Reading.newBuilder(r).setHeadingDeg(360f).build(), "headingDeg");
    assertOutOfRange(r -> Reading.newBuilder(r).setLongitudinalAccelMs2(-16f).build(), "longitudinalAccelMs2");
    assertOutOfRange(r -> Reading.newBuilder(r).setEnergyLevelPct(100.5f).build(), "energyLevelPct");
    assertOutOfRange(r -> Reading.newBuilder(r).setRoadSegmentId(-1).build(), "roadSegmentId");
  }

  @Test
  void readingsThatContradictEachOtherOrTheFrameAreInconsistent() {
    assertInconsistent(readings -> {
      readings.set(3, Reading.newBuilder(readings.get(3)).setEventTimeMs(readings.get(1).getEventTimeMs()).build());
    }, "older than reading 2");
    assertInconsistent(readings -> {
      readings.set(4, Reading.newBuilder(readings.get(4)).setOdometerKm(10).build());
    }, "odometer goes back");
    assertInconsistent(readings -> {
      readings.set(0, Reading.newBuilder(readings.get(0)).setHarshBraking(true).setLongitudinalAccelMs2(0.5f).build());
    }, "harsh braking");
    assertInconsistent(readings -> {
      readings.set(0, Reading.newBuilder(readings.get(0)).setHarshAcceleration(true)
          .setLongitudinalAccelMs2(-1f).build());
    }, "harsh acceleration");
    assertInconsistent(readings -> {
      readings.set(0, Reading.newBuilder(readings.get(0)).setEventTimeMs(VALID_FROM - 1).build());
    }, "predates the device key");
    assertInconsistent(readings -> {
      readings.set(0, Reading.newBuilder(readings.get(0))
          .setEventTimeMs(readings.get(0).getEventTimeMs() - ReadingRules.MAX_FRAME_SPAN_MS - 1).build());
    }, "span");
  }

  @Test
  void aReadingFromAfterTheFrameWasSentIsInconsistent() {
    TelemetryFrame frame = frame(TestFrames.readings(3, TestFrames.T0));
    frame.setSentAtMs(TestFrames.T0 - ReadingRules.MAX_CLOCK_SKEW_MS - 1);
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> rules.check(frame, VALID_FROM, 0));
    assertEquals(RejectReason.INCONSISTENT, rejected.reason());
    assertTrue(rejected.detail().contains("later than the frame was sent"), rejected.detail());
  }

  @Test
  void aReadingTakenOnceTheKeyEndedIsInconsistentAndTheOneBeforeIsTaken() throws Exception {
    TelemetryFrame frame = frame(TestFrames.readings(3, TestFrames.T0));
    rules.check(frame, VALID_FROM, TestFrames.T0 + 1); // the last reading just before the end
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> rules.check(frame, VALID_FROM, TestFrames.T0));
    assertEquals(RejectReason.INCONSISTENT, rejected.reason());
    assertEquals("reading 2 at " + TestFrames.T0 + " is after the device key's validity (valid to " + TestFrames.T0
        + ": expired, rotated or retired)", rejected.detail());
  }

  @Test
  void aFrameOrReadingLaterThanTheReceiveTimePlusTheSkewIsFromTheFuture() throws Exception {
    long skew = 120_000;
    TelemetryFrame frame = frame(TestFrames.readings(3, TestFrames.T0)); // sent at T0 + 100 ms
    rules.checkNotFromTheFuture(frame, TestFrames.T0 + 100 - skew, skew); // exactly the skew ahead

    FrameRejected sent = assertThrows(FrameRejected.class,
        () -> rules.checkNotFromTheFuture(frame, TestFrames.T0 + 99 - skew, skew));
    assertEquals(RejectReason.FUTURE_EVENT, sent.reason());
    assertEquals("frame sent at " + (TestFrames.T0 + 100) + ", " + (skew + 1) + " ms after the record's time "
        + (TestFrames.T0 + 99 - skew) + " (max-clock-skew " + skew + " ms)", sent.detail());

    long tenYears = 3_650L * 86_400_000L;
    TelemetryFrame backdated = frame(TestFrames.readings(3, TestFrames.T0 + tenYears));
    backdated.setSentAtMs(TestFrames.T0); // a reading after the send time is the other rules' to refuse too
    FrameRejected reading = assertThrows(FrameRejected.class,
        () -> rules.checkNotFromTheFuture(backdated, TestFrames.T0, skew));
    assertEquals(RejectReason.FUTURE_EVENT, reading.reason());
    assertTrue(reading.detail().startsWith("reading 0 at " + (TestFrames.T0 + tenYears - 2_000) + ", "),
        reading.detail());
  }

  @Test
  void anEmptyFrameIsInconsistent() {
    TelemetryFrame frame = frame(TestFrames.readings(1, TestFrames.T0));
    frame.setReadings(List.of());
    assertEquals(RejectReason.INCONSISTENT,
        assertThrows(FrameRejected.class, () -> rules.check(frame, VALID_FROM, 0)).reason());
  }

  private void assertOutOfRange(UnaryOperator<Reading> change, String expectedDetail) {
    List<Reading> readings = new ArrayList<>(TestFrames.readings(5, TestFrames.T0));
    readings.set(2, change.apply(readings.get(2)));
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> rules.check(frame(readings), VALID_FROM, 0));
    assertEquals(RejectReason.OUT_OF_RANGE, rejected.reason(), rejected.detail());
    assertTrue(rejected.detail().startsWith("reading 2: "), rejected.detail());
    assertTrue(rejected.detail().contains(expectedDetail), rejected.detail());
  }

  private void assertInconsistent(java.util.function.Consumer<List<Reading>> change, String expectedDetail) {
    List<Reading> readings = new ArrayList<>(TestFrames.readings(6, TestFrames.T0));
    change.accept(readings);
    FrameRejected rejected = assertThrows(FrameRejected.class, () -> rules.check(frame(readings), VALID_FROM, 0));
    assertEquals(RejectReason.INCONSISTENT, rejected.reason(), rejected.detail());
    assertTrue(rejected.detail().contains(expectedDetail), rejected.detail());
  }

  private TelemetryFrame frame(List<Reading> readings) {
    return TestFrames.unsigned("veh-1", key, 1, readings);
  }
}
