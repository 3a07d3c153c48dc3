package io.cpchain.jobs.source;

import io.cpchain.schemas.DeadLetter;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A record as a {@link RecordDeserializer#deadLettering dead-lettering} source emits it: the decoded
 * value, or, if the record did not decode, its dead letter (the bytes, where they were, why), which
 * the job routes to its dead-letter topic.
 */
public record Decoded<T>(T value, DeadLetter deadLetter) {

  public static <T> Decoded<T> of(T value) {
    return new Decoded<>(value, null);
  }

  public static <T> Decoded<T> rejected(DeadLetter deadLetter) {
    return new Decoded<>(null, deadLetter);
  }

  public boolean ok() {
    return deadLetter == null;
  }

  /** Its Flink type, with each field's own serializer: the jobs run with generic (Kryo) types off. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static <T> TypeInformation<Decoded<T>> typeOf(Class<T> valueType) {
    return (TypeInformation) Types.POJO(Decoded.class,
        Map.of("value", TypeInformation.of(valueType), "deadLetter", TypeInformation.of(DeadLetter.class)));
  }
}
