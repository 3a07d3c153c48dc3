package io.cpchain.he.function;

import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;

/** A contribution the analytics jobs refuse, kept whole with its identity and the reason. */
final class ContributionDeadLetter {

  private ContributionDeadLetter() {}

  static <T extends SpecificRecord> DeadLetter of(ContributionKind<T> kind, AvroMessages<T> messages, T contribution,
      String topic, RejectReason reason, String detail) {
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(messages.encode(contribution)))
        .setSourceTopic(topic)
        // The Kafka source hands over values only: the position is not known here.
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReason(reason)
        .setDetail(kind.identity(contribution) + ": " + detail)
        .setDeviceId(kind.deviceId(contribution))
        .setRejectedAtMs(System.currentTimeMillis())
        .build();
  }
}
