package io.cpchain.ingest.validation;

import io.cpchain.schemas.Reading;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.TelemetryFrame;
import java.util.List;

/**
 * Range and consistency checks on a frame's readings. The limits are physical, not statistical: a
 * road vehicle does not go faster than 300 km/h or brake harder than 15 m/s^2 (about 1.5 g).
 * One bad reading rejects its whole frame: the device signed the batch as a unit.
 */
public final class ReadingRules {

  public static final int MAX_READINGS_PER_FRAME = 1_000;
  public static final double MAX_SPEED_KMH = 300;
  public static final double MAX_ACCEL_MS2 = 15;
  /** Harsh-braking flags need at least this deceleration behind them, or the gateway is lying. */
  public static final double MIN_HARSH_DECEL_MS2 = 2.0;
  /** A frame seals readings already taken; a little clock skew between sensors is tolerated. */
  public static final long MAX_CLOCK_SKEW_MS = 5_000;
  /** A frame is one batch from one trip, not a day's backlog. */
  public static final long MAX_FRAME_SPAN_MS = 10 * 60_000;

  /**
   * Checks the readings' ranges, their order, and that each was taken while the key was valid:
   * from {@code keyValidFromMs}, before {@code keyValidToMs} (0: no end).
   */
  public void check(TelemetryFrame frame, long keyValidFromMs, long keyValidToMs) throws FrameRejected {
    List<Reading> readings = frame.getReadings();
    if (readings.isEmpty() || readings.size() > MAX_READINGS_PER_FRAME) {
      throw new FrameRejected(RejectReason.INCONSISTENT,
          "frame has " + readings.size() + " readings, expected 1.." + MAX_READINGS_PER_FRAME);
    }
    if (frame.getSeq() < 0) {
      throw new FrameRejected(RejectReason.OUT_OF_RANGE, "frame sequence " + frame.getSeq() + " is negative");
    }
    Reading previous = null;
    for (int i = 0; i < readings.size(); i++) {
      Reading reading = readings.get(i);
      checkRanges(i, reading);
      checkAgainstFrame(i, reading, frame, keyValidFromMs, keyValidToMs);
      if (previous != null) {
        checkSequence(i, previous, reading);
      }
      previous = reading;
    }
    long span = readings.get(readings.size() - 1).getEventTimeMs() - readings.get(0).getEventTimeMs();
    if (span > MAX_FRAME_SPAN_MS) {
      throw new FrameRejected(RejectReason.INCONSISTENT,
          "readings span " + span + " ms, more than a frame may (" + MAX_FRAME_SPAN_MS + " ms)");
    }
  }

  /**
   * Rejects a frame sent, or holding a reading taken, later than {@code recordTimeMs} plus
   * {@code maxClockSkewMs}: a signature proves who dated a frame, not that the date is true, and a
   * reading from the future would be on time for every window until then.
   */
  public void checkNotFromTheFuture(TelemetryFrame frame, long recordTimeMs, long maxClockSkewMs)
      throws FrameRejected {
    long latest = recordTimeMs + maxClockSkewMs;
    if (frame.getSentAtMs() > latest) {
      throw new FrameRejected(RejectReason.FUTURE_EVENT, "frame sent at " + frame.getSentAtMs() + ", "
          + (frame.getSentAtMs() - recordTimeMs) + " ms after the record's time " + recordTimeMs
          + " (max-clock-skew " + maxClockSkewMs + " ms)");
    }
    List<Reading> readings = frame.getReadings();
    for (int i = 0; i < readings.size(); i++) {
      long eventTime = readings.get(i).getEventTimeMs();
      if (eventTime > latest) {
        throw new FrameRejected(RejectReason.FUTURE_EVENT, "reading " + i + " at " + eventTime + ", "
            + (eventTime - recordTimeMs) + " ms after the record's time " + recordTimeMs
            + " (max-clock-skew " + maxClockSkewMs + " ms)");
      }
    }
  }

  private static void checkRanges(int i, Reading r) throws FrameRejected {
    inRange(i, "latitude", r.getLatitude(), -90, 90);
    inRange(i, "longitude", r.getLongitude(), -180, 180);
    inRange(i, "speedKmh", r.getSpeedKmh(), 0, MAX_SPEED_KMH);
    inRange(i, "longitudinalAccelMs2", r.getLongitudinalAccelMs2(), -MAX_ACCEL_MS2, MAX_ACCEL_MS2);
    inRange(i, "energyLevelPct", r.getEnergyLevelPct(), 0, 100);
    inRange(i, "odometerKm", r.getOdometerKm(), 0, 10_000_000);
    if (!(r.getHeadingDeg() >= 0 && r.getHeadingDeg() < 360)) {
      throw outOfRange(i, "headingDeg", r.getHeadingDeg(), "[0, 360)");
    }
    if (r.getRoadSegmentId() < 0) {
      throw outOfRange(i, "roadSegmentId", r.getRoadSegmentId(), ">= 0");
    }
    if (r.getEventTimeMs() <= 0) {
      throw outOfRange(i, "eventTimeMs", r.getEventTimeMs(), "> 0");
    }
  }

  private static void checkAgainstFrame(int i, Reading r, TelemetryFrame frame, long keyValidFromMs,
      long keyValidToMs) throws FrameRejected {
    if (r.getEventTimeMs() > frame.getSentAtMs() + MAX_CLOCK_SKEW_MS) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " at " + r.getEventTimeMs()
          + " is later than the frame was sent (" + frame.getSentAtMs() + ")");
    }
    if (r.getEventTimeMs() < keyValidFromMs) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " at " + r.getEventTimeMs()
          + " predates the device key (valid from " + keyValidFromMs + ")");
    }
    if (keyValidToMs != 0 && r.getEventTimeMs() >= keyValidToMs) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " at " + r.getEventTimeMs()
          + " is after the device key's validity (valid to " + keyValidToMs + ": expired, rotated or retired)");
    }
    if (r.getHarshBraking() && r.getLongitudinalAccelMs2() > -MIN_HARSH_DECEL_MS2) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " flags harsh braking at "
          + r.getLongitudinalAccelMs2() + " m/s^2");
    }
    if (r.getHarshAcceleration() && r.getLongitudinalAccelMs2() < MIN_HARSH_DECEL_MS2) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " flags harsh acceleration at "
          + r.getLongitudinalAccelMs2() + " m/s^2");
    }
  }

  private static void checkSequence(int i, Reading previous, Reading r) throws FrameRejected {
    if (r.getEventTimeMs() < previous.getEventTimeMs()) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "reading " + i + " is older than reading " + (i - 1));
    }
    if (r.getOdometerKm() < previous.getOdometerKm()) {
      throw new FrameRejected(RejectReason.INCONSISTENT, "odometer goes back at reading " + i + ": "
          + previous.getOdometerKm() + " -> " + r.getOdometerKm() + " km");
    }
  }

  private static void inRange(int i, String field, double value, double min, double max) throws FrameRejected {
    if (!(value >= min && value <= max)) { // also catches NaN
      throw outOfRange(i, field, value, "[" + min + ", " + max + "]");
    }
  }

  private static FrameRejected outOfRange(int i, String field, Object value, String range) {
    return new FrameRejected(RejectReason.OUT_OF_RANGE, "reading " + i + ": " + field + " " + value
        + " outside " + range);
  }
}
