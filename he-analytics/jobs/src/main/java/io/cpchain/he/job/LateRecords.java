package io.cpchain.he.job;

import io.cpchain.jobs.function.LateToDeadLetter;
import io.cpchain.jobs.serde.AvroRecordSerializer;
import io.cpchain.jobs.sink.ExactlyOnceKafkaSink;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.TrafficContribution;
import io.cpchain.schemas.ValidReading;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What the analytics jobs do with a reading or a contribution that comes after its window has
 * closed: a dead letter with the window it missed (never a silent drop), written exactly once.
 */
final class LateRecords {

  private LateRecords() {}

  static DataStream<DeadLetter> readings(DataStream<ValidReading> late, String topic, Duration window, String what) {
    return late.map(LateToDeadLetter.forReadings(topic, window, what, "closed"), TypeInformation.of(DeadLetter.class))
        .uid("late-readings").name("late readings");
  }

  static DataStream<DeadLetter> trafficContributions(DataStream<TrafficContribution> late, String topic) {
    return late.map(new LateToDeadLetter<>(TrafficContribution.class, topic, TrafficContribution::getDeviceId,
            c -> "contribution of region " + c.getRegion() + " for window [" + c.getWindowStartMs() + ", "
                + c.getWindowEndMs() + ") came after the window was summed"), TypeInformation.of(DeadLetter.class))
        .uid("late-contributions").name("late contributions");
  }

  static DataStream<DeadLetter> insuranceContributions(DataStream<InsuranceContribution> late, String topic,
      Duration period) {
    long periodMs = period.toMillis();
    return late.map(new LateToDeadLetter<>(InsuranceContribution.class, topic, c -> null,
            c -> "contribution of driver " + c.getDriver() + " for window [" + c.getWindowStartMs() + ", "
                + c.getWindowEndMs() + ") came after its period " + LateToDeadLetter.window(c.getWindowStartMs(),
                periodMs) + " was summed"), TypeInformation.of(DeadLetter.class))
        .uid("late-contributions").name("late contributions");
  }

  /**
   * Every dead letter of a job (late, and for the aggregation and scoring also badly signed,
   * duplicate, inconsistent), keyed by the topic the letters came from, stamped with the time they
   * were refused.
   *
   * @param transactionalIdPrefix unique per job: two jobs writing the same topic must not fence each other
   */
  static void write(DataStream<DeadLetter> deadLetters, String bootstrapServers, Properties client,
      String transactionalIdPrefix,
      String deadLetterTopic) {
    deadLetters.sinkTo(ExactlyOnceKafkaSink.create(bootstrapServers, client, transactionalIdPrefix,
            new AvroRecordSerializer<>(deadLetterTopic, DeadLetter.class, DeadLetter::getSourceTopic,
                DeadLetter::getRejectedAtMs)))
        .uid("sink-dlq").name(deadLetterTopic);
  }
}
