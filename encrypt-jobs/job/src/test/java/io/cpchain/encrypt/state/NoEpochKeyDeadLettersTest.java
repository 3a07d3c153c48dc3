package io.cpchain.encrypt.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cpchain.encrypt.TestReadings;
import io.cpchain.encrypt.interval.IntervalPlaintext;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoEpochKeyDeadLettersTest {

  @Test
  void everyReadingOfTheIntervalIsKeptWholeAsItCameFromTheValidTopic() throws Exception {
    List<ValidReading> readings = TestReadings.readings("veh-1", "owner-1", 60_000, 25, 200, 7);
    IntervalPlaintext plaintext = IntervalPlaintext.of(readings);
    List<DeadLetter> letters = NoEpochKeyDeadLetters.of("veh-1", plaintext.container(), "telemetry.valid",
        "interval [60000, 120000) of veh-1 waited", 99);

    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    List<ValidReading> kept = new ArrayList<>();
    for (DeadLetter letter : letters) {
      assertEquals(RejectReason.NO_EPOCH_KEY, letter.getReason());
      assertEquals("telemetry.valid", letter.getSourceTopic());
      assertEquals("veh-1", letter.getDeviceId());
      assertEquals(99, letter.getRejectedAtMs());
      kept.add(messages.decode(Bytes.of(letter.getOriginalBytes())));
    }
    assertEquals(ReadingsCodec.inEventTimeOrder(readings), kept);
  }
}
