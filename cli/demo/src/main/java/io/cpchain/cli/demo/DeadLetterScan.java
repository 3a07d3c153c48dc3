package io.cpchain.cli.demo;

import io.cpchain.cli.stack.TopicScan;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;

/** The dead letters a stage wrote, read back as the records they keep whole. */
final class DeadLetterScan {

  private final List<DeadLetter> letters;

  private DeadLetterScan(List<DeadLetter> letters) {
    this.letters = letters;
  }

  /** Everything committed on {@code deadLetterTopic} so far. */
  static DeadLetterScan of(Properties client, String deadLetterTopic) {
    return new DeadLetterScan(TopicScan.records(client, deadLetterTopic, DeadLetter.class));
  }

  int size() {
    return letters.size();
  }

  /** The refused records that came from {@code sourceTopic}, decoded as {@code type}. */
  <T extends SpecificRecord> List<T> from(String sourceTopic, Class<T> type) {
    AvroMessages<T> messages = AvroMessages.of(type);
    List<T> records = new ArrayList<>();
    for (DeadLetter letter : letters) {
      if (letter.getSourceTopic().equals(sourceTopic)) {
        try {
          records.add(messages.decode(Bytes.of(letter.getOriginalBytes())));
        } catch (IOException e) {
          throw new UncheckedIOException("a dead letter from " + sourceTopic + " does not decode", e);
        }
      }
    }
    return records;
  }
}
