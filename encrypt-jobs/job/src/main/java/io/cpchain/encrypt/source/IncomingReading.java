package io.cpchain.encrypt.source;

import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.ValidReading;

/** A record of telemetry.valid as it came: the reading, or, if it did not decode, its dead letter. */
public record IncomingReading(ValidReading reading, DeadLetter rejected) {

  static IncomingReading of(ValidReading reading) {
    return new IncomingReading(reading, null);
  }

  static IncomingReading rejected(DeadLetter deadLetter) {
    return new IncomingReading(null, deadLetter);
  }
}
