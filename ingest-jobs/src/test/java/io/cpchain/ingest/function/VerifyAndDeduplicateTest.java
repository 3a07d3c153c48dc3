package io.cpchain.ingest.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.Ed25519PrivateKey;
import io.cpchain.ingest.TestFrames;
import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.serde.DeadLetters;
import io.cpchain.ingest.source.RawRecord;
import io.cpchain.ingest.validation.ChainUpdate;
import io.cpchain.ingest.validation.Provenance;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VerifyAndDeduplicate}'s state on Flink's keyed broadcast operator test harness, with the
 * harness's processing time: what waits for a registration is bounded, what a registration
 * replaces is gone, and a captured frame written again is refused after any wait and any restore.
 */
class VerifyAndDeduplicateTest {

  /** Processing time at the start of each test; frames are written a minute before. */
  private static final long NOW = TestFrames.T0 + 3_600_000L;
  private static final long GRACE_MS = 5_000;
  /** Past the 6 h dedup window the job had before issue 18 item 10. */
  private static final long SEVEN_HOURS_LATER = NOW + Duration.ofHours(7).toMillis();

  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate();
  private IngestJobConfig config;
  private KeyedBroadcastOperatorTestHarness<String, RawRecord, ChainUpdate, VerifiedFrame> harness;
  private long offset;

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void framesOfAnUnregisteredDeviceWaitUpToTheCountBoundAndTheRestAreDeadLettersAtOnce() throws Exception {
    open("--max-awaiting-frames", "3");
    for (long seq = 0; seq < 5; seq++) {
      harness.processElement(record("veh-w", frame("veh-w", key, seq)), 0);
    }
    List<DeadLetter> refused = deadLetters();
    assertEquals(2, refused.size(), "the two frames past the bound, at once");
    refused.forEach(letter -> assertEquals(RejectReason.UNKNOWN_DEVICE, letter.getReason()));
    assertEquals(List.of(3L, 4L), refused.stream().map(DeadLetter::getSourceOffset).toList());
    assertEquals("device 'veh-w' has no registration and 3 of its frames (" + 3 * frame("veh-w", key, 0).length
        + " bytes) already wait for one (max-awaiting-frames 3, max-awaiting-bytes 1048576)", refused.get(0).getDetail());
    assertEquals(1, harness.numProcessingTimeTimers(), "one timer for the device, not one per frame");

    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-w", "owner-w", key)), 0);
    harness.processElement(record("veh-w", frame("veh-w", key, 5)), 0);
    assertEquals(List.of(0L, 1L, 2L, 5L), seqsOut(), "the waiting frames first, in the order they came");
    assertEquals(0, waitingFrames());
  }

  @Test
  void framesOfAnUnregisteredDeviceWaitUpToTheByteBound() throws Exception {
    int size = frame("veh-b", key, 0).length;
    open("--max-awaiting-bytes", String.valueOf(size * 5 / 2));
    for (long seq = 0; seq < 3; seq++) {
      harness.processElement(record("veh-b", frame("veh-b", key, seq)), 0);
    }
    List<DeadLetter> refused = deadLetters();
    assertEquals(1, refused.size());
    assertEquals(RejectReason.UNKNOWN_DEVICE, refused.get(0).getReason());
    assertTrue(refused.get(0).getDetail().contains("2 of its frames (" + 2 * size + " bytes)"), refused.get(0).getDetail());
    assertEquals(2, waitingFrames());
  }

  @Test
  void afterTheGraceTheWaitingFramesAreDeadLettersAndTheDeviceMayWaitAgain() throws Exception {
    open("--max-awaiting-frames", "2");
    harness.processElement(record("veh-g", frame("veh-g", key, 0)), 0);
    harness.processElement(record("veh-g", frame("veh-g", key, 1)), 0);
    harness.setProcessingTime(NOW + GRACE_MS - 1);
    assertNull(harness.getSideOutput(DeadLetters.TAG), "not before the grace is over");
    harness.setProcessingTime(NOW + GRACE_MS);
    List<DeadLetter> letters = deadLetters();
    assertEquals(2, letters.size());
    letters.forEach(letter -> assertEquals(RejectReason.UNKNOWN_DEVICE, letter.getReason()));
    assertEquals(0, waitingFrames(), "its keyed state is cleared");
    assertEquals(0, harness.numProcessingTimeTimers());

    // The bound counts what waits now, not what ever waited.
    harness.processElement(record("veh-g", frame("veh-g", key, 2)), 0);
    harness.processElement(record("veh-g", frame("veh-g", key, 3)), 0);
    assertEquals(2, deadLetters().size(), "no new dead letter");
    assertEquals(2, waitingFrames());
  }

  @Test
  void aRegistrationReplacesTheOneItSupersedes() throws Exception {
    open();
    Ed25519PrivateKey rotated = Ed25519PrivateKey.generate();
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-r", "owner-r", key)), 0);
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-r", "owner-r", rotated)), 0);
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-s", "owner-s", key)), 0);
    BroadcastState<String, DeviceRegistration> state = harness.getBroadcastState(VerifyAndDeduplicate.REGISTRATIONS);
    List<String> held = new ArrayList<>();
    state.immutableEntries().forEach(entry -> held.add(entry.getKey() + "=" + entry.getValue().getKeyId()));
    held.sort(null);
    assertEquals(List.of("veh-r=" + rotated.publicKey().keyId(), "veh-s=" + key.publicKey().keyId()), held,
        "one registration per device, the latest");

    harness.processElement(record("veh-r", frame("veh-r", key, 0)), 0);
    harness.processElement(record("veh-r", frame("veh-r", rotated, 1)), 0);
    assertEquals(List.of(1L), seqsOut(), "only the frame of the current key");
    assertEquals(RejectReason.BAD_SIGNATURE, deadLetters().get(0).getReason());
  }

  /**
   * Issue 18 item 10: a genuine frame, captured off the topic, written again seven hours later with
   * its original Kafka timestamp (so no lateness rule sees it as old).
   */
  @Test
  void aCapturedFrameWrittenAgainHoursLaterIsRefused() throws Exception {
    open();
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-c", "owner-c", key)), 0);
    byte[] captured = frame("veh-c", key, 0);
    harness.processElement(record("veh-c", captured), 0);
    for (long seq = 1; seq <= 3; seq++) {
      harness.processElement(record("veh-c", frame("veh-c", key, seq)), 0);
    }
    harness.setStateTtlProcessingTime(SEVEN_HOURS_LATER);
    harness.setProcessingTime(SEVEN_HOURS_LATER);
    harness.processElement(record("veh-c", captured), 0);
    assertEquals(List.of(0L, 1L, 2L, 3L), seqsOut(), "the captured frame is not taken twice");
    assertEquals(List.of(RejectReason.DUPLICATE_FRAME), deadLetters().stream().map(DeadLetter::getReason).toList());
  }

  /** Issue 18 item 10: the same, after the job was down past the dedup window and restored from its checkpoint. */
  @Test
  void aCapturedFrameWrittenAgainAfterARestoreFromACheckpointIsRefused() throws Exception {
    open();
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-k", "owner-k", key)), 0);
    byte[] captured = frame("veh-k", key, 0);
    harness.processElement(record("veh-k", captured), 0);
    harness.processElement(record("veh-k", frame("veh-k", key, 1)), 0);
    OperatorSubtaskState checkpoint = harness.snapshot(1, NOW);

    try (KeyedBroadcastOperatorTestHarness<String, RawRecord, ChainUpdate, VerifiedFrame> restored =
        restore(checkpoint, SEVEN_HOURS_LATER)) {
      restored.setStateTtlProcessingTime(SEVEN_HOURS_LATER);
      restored.processElement(record("veh-k", captured), 0);
      restored.processElement(record("veh-k", frame("veh-k", key, 2)), 0);
      assertEquals(List.of(2L), restored.extractOutputValues().stream().map(v -> v.decoded().frame().getSeq()).toList(),
          "only the new frame");
      ConcurrentLinkedQueue<StreamRecord<DeadLetter>> letters = restored.getSideOutput(DeadLetters.TAG);
      assertEquals(List.of(RejectReason.DUPLICATE_FRAME),
          letters == null ? List.of() : letters.stream().map(r -> r.getValue().getReason()).toList());
    }
  }

  @Test
  void aFrameWithinTheReplayWindowMayComeOutOfOrderOnceAndOneOlderIsRefused() throws Exception {
    open("--replay-window", "64");
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-o", "owner-o", key)), 0);
    for (long seq : new long[] {0, 100, 50, 50, 36}) {
      harness.processElement(record("veh-o", frame("veh-o", key, seq)), 0);
    }
    assertEquals(List.of(0L, 100L, 50L), seqsOut());
    assertEquals(List.of("device veh-o already sent frame 50", "frame 36 of device veh-o is older than its replay"
        + " window: its newest frame is 100, frames from 37 on are taken (replay-window 64)"),
        deadLetters().stream().map(DeadLetter::getDetail).toList());
    deadLetters().forEach(letter -> assertEquals(RejectReason.DUPLICATE_FRAME, letter.getReason()));
  }

  @Test
  void aDeviceRegisteredWithANewKeyCountsItsFramesAfresh() throws Exception {
    open();
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-n", "owner-n", key)), 0);
    byte[] old = frame("veh-n", key, 500);
    harness.processElement(record("veh-n", old), 0);
    Ed25519PrivateKey reprovisioned = Ed25519PrivateKey.generate();
    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-n", "owner-n", reprovisioned)), 0);
    harness.processElement(record("veh-n", frame("veh-n", reprovisioned, 0)), 0);
    harness.processElement(record("veh-n", old), 0);
    assertEquals(List.of(500L, 0L), seqsOut(), "the new key's count starts at 0");
    assertEquals(List.of(RejectReason.BAD_SIGNATURE), deadLetters().stream().map(DeadLetter::getReason).toList(),
        "the old key's frames are refused by their signature");
  }

  /**
   * Issue 16 item 2, catch-up: a fresh job knows no device until its chain source has read the
   * chain, so a frame waits, however long that takes, and its grace counts from the catch-up.
   */
  @Test
  void beforeTheChainIsReadFramesWaitAndTheGraceCountsFromTheCatchUp() throws Exception {
    openBeforeTheChainIsRead();
    harness.processElement(record("veh-a", frame("veh-a", key, 0)), 0);
    harness.processElement(record("veh-u", frame("veh-u", key, 0)), 0);
    harness.setProcessingTime(NOW + 10 * GRACE_MS);
    assertEquals(List.of(), deadLetters(), "no dead letter while the chain is not read, ten graces on");
    assertEquals(2, waitingFrames());

    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-a", "owner-a", key)), 0);
    long caughtUp = NOW + 10 * GRACE_MS + 1_234;
    harness.setProcessingTime(caughtUp);
    harness.processBroadcastElement(ChainUpdate.caughtUp(500), 0);
    harness.setProcessingTime(caughtUp + GRACE_MS - 1);
    assertEquals(List.of(0L), seqsOut(), "the device the chain registered is accepted");
    assertEquals(List.of(), deadLetters(), "not before the grace after the catch-up is over");
    harness.setProcessingTime(caughtUp + GRACE_MS);
    assertEquals(List.of("device veh-u has no registration (waited " + GRACE_MS + " ms after the job had read the"
        + " chain)"), deadLetters().stream().map(DeadLetter::getDetail).toList());
    assertEquals(RejectReason.UNKNOWN_DEVICE, deadLetters().get(0).getReason());
    assertEquals(0, waitingFrames());
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void whatWaitsInATaskIsBoundedOverItsDevicesAndTheDeadLetterSaysWhy() throws Exception {
    int size = frame("veh-1", key, 0).length;
    openBeforeTheChainIsRead("--max-awaiting-task-bytes", String.valueOf(size * 5 / 2));
    for (String device : List.of("veh-1", "veh-2", "veh-3")) {
      harness.processElement(record(device, frame(device, key, 0)), 0);
    }
    assertEquals(List.of("device 'veh-3' has no registration and 2 frames (" + 2 * size + " bytes) of unregistered"
        + " devices already wait in this task (max-awaiting-task-bytes " + size * 5 / 2 + "); the job has not read"
        + " the chain up to its head yet"), deadLetters().stream().map(DeadLetter::getDetail).toList());
    assertEquals(2, waitingFrames());

    harness.processBroadcastElement(ChainUpdate.of(TestFrames.registration("veh-1", "owner-1", key)), 0);
    harness.processElement(record("veh-1", frame("veh-1", key, 1)), 0);
    harness.processElement(record("veh-4", frame("veh-4", key, 0)), 0);
    assertEquals(1, deadLetters().size(), "the settled frames make room");
    assertEquals(2, waitingFrames());
  }

  /**
   * Issue 16, the fault suite's Flink round: frames restored waiting from a checkpoint count in the
   * task's bound (and its gauge, which the demo waits on), and each becomes one dead letter, once,
   * however often the job is restored afterwards.
   */
  @Test
  void framesRestoredWaitingCountInTheTaskBoundAndEachIsOneDeadLetterAcrossRestores() throws Exception {
    int size = frame("veh-1", key, 0).length;
    openBeforeTheChainIsRead("--max-awaiting-task-bytes", String.valueOf(size * 5 / 2));
    harness.processElement(record("veh-1", frame("veh-1", key, 0)), 0);
    harness.processElement(record("veh-2", frame("veh-2", key, 0)), 0);
    OperatorSubtaskState waiting = harness.snapshot(1, NOW);
    harness.close();

    long restoredAt = NOW + 1_000;
    harness = restore(waiting, restoredAt);
    harness.processBroadcastElement(ChainUpdate.caughtUp(100), 0);
    harness.processElement(record("veh-3", frame("veh-3", key, 0)), 0);
    assertEquals(List.of("device 'veh-3' has no registration and 2 frames (" + 2 * size + " bytes) of unregistered"
        + " devices already wait in this task (max-awaiting-task-bytes " + size * 5 / 2 + ")"),
        deadLetters().stream().map(DeadLetter::getDetail).toList(), "the restored frames fill the task's bound");
    harness.setProcessingTime(restoredAt + GRACE_MS);
    assertEquals(List.of(2L, 0L, 1L), deadLetters().stream().map(DeadLetter::getSourceOffset).toList(),
        "the restored frames once the grace after the catch-up is over");
    OperatorSubtaskState settled = harness.snapshot(2, restoredAt + GRACE_MS);
    harness.close();

    long restoredAgainAt = restoredAt + 2 * GRACE_MS;
    harness = restore(settled, restoredAgainAt);
    harness.processBroadcastElement(ChainUpdate.caughtUp(100), 0);
    harness.setProcessingTime(restoredAgainAt + 10 * GRACE_MS);
    assertEquals(List.of(), deadLetters(), "no frame waits any more, so none is dead-lettered again");
    assertEquals(0, waitingFrames());
    assertEquals(0, harness.numProcessingTimeTimers());
    harness.processElement(record("veh-4", frame("veh-4", key, 0)), 0);
    harness.processElement(record("veh-5", frame("veh-5", key, 0)), 0);
    assertEquals(2, waitingFrames(), "the settled frames no longer count in the bound");
  }

  /** A job restored from {@code checkpoint}, its clock at {@code now}, opened. */
  private KeyedBroadcastOperatorTestHarness<String, RawRecord, ChainUpdate, VerifiedFrame> restore(
      OperatorSubtaskState checkpoint, long now) throws Exception {
    KeyedBroadcastOperatorTestHarness<String, RawRecord, ChainUpdate, VerifiedFrame> restored =
        new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new VerifyAndDeduplicate(config),
            List.of(VerifyAndDeduplicate.REGISTRATIONS)), RawRecord::deviceKey, Types.STRING, 1, 1, 0);
    restored.setProcessingTime(now);
    restored.initializeState(checkpoint);
    restored.open();
    return restored;
  }

  /** As a job that has read the chain up to its head. */
  private void open(String... args) throws Exception {
    openBeforeTheChainIsRead(args);
    harness.processBroadcastElement(ChainUpdate.caughtUp(100), NOW);
  }

  /** As a fresh job whose chain source has not caught up with the chain yet. */
  private void openBeforeTheChainIsRead(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("--unknown-device-grace", GRACE_MS + "ms"));
    all.addAll(List.of(args));
    config = IngestJobConfig.fromArgs(all.toArray(String[]::new));
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new VerifyAndDeduplicate(config),
        RawRecord::deviceKey, Types.STRING, VerifyAndDeduplicate.REGISTRATIONS);
    harness.setProcessingTime(NOW);
  }

  private static byte[] frame(String device, Ed25519PrivateKey signer, long seq) {
    return TestFrames.signed(TestFrames.unsigned(device, signer, seq, TestFrames.readings(3, NOW - 60_000)), signer);
  }

  /** As telemetry.raw holds it: written a minute ago, at the next offset. */
  private RawRecord record(String key, byte[] frame) {
    return new RawRecord(key, frame, NOW - 60_000 + 500, new Provenance("telemetry.raw", 0, offset++));
  }

  private List<Long> seqsOut() {
    return harness.extractOutputValues().stream().map(v -> v.decoded().frame().getSeq()).toList();
  }

  private List<DeadLetter> deadLetters() {
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> output = harness.getSideOutput(DeadLetters.TAG);
    return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
  }

  /** How many frames wait in the keyed state, over every device. */
  private long waitingFrames() throws Exception {
    AtomicLong frames = new AtomicLong();
    harness.getOperator().getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE, new ListStateDescriptor<>("awaiting-registration",
            TypeInformation.of(RawRecord.class)),
        (device, waiting) -> waiting.get().forEach(record -> frames.incrementAndGet()));
    return frames.get();
  }
}
