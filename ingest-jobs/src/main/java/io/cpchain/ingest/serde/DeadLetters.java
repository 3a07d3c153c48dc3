package io.cpchain.ingest.serde;

import io.cpchain.ingest.validation.FrameRejected;
import io.cpchain.ingest.validation.Provenance;
import io.cpchain.schemas.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.util.OutputTag;

/** Builds the dead letters every operator of the job sends to one side output. */
public final class DeadLetters {

  /** The side output all rejected input goes to. */
  public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

  private DeadLetters() {}

  public static DeadLetter of(byte[] original, Provenance from, FrameRejected why, String deviceId, long nowMs) {
    return DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(original == null ? new byte[0] : original))
        .setSourceTopic(from.topic())
        .setSourcePartition(from.partition())
        .setSourceOffset(from.offset())
        .setReason(why.reason())
        .setDetail(why.detail())
        .setDeviceId(deviceId)
        .setRejectedAtMs(nowMs)
        .build();
  }
}
