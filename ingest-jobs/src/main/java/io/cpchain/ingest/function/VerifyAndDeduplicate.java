package io.cpchain.ingest.function;

import io.cpchain.ingest.config.IngestJobConfig;
import io.cpchain.ingest.serde.DeadLetters;
import io.cpchain.ingest.source.RawRecord;
import io.cpchain.ingest.validation.ChainUpdate;
import io.cpchain.ingest.validation.DecodedFrame;
import io.cpchain.ingest.validation.DeviceSignatureVerifier;
import io.cpchain.ingest.validation.FrameDecoder;
import io.cpchain.ingest.validation.FrameRejected;
import io.cpchain.ingest.validation.ReadingRules;
import io.cpchain.ingest.validation.SequenceWindow;
import io.cpchain.ingest.validation.UnknownDeviceWait;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.DeviceRegistration;
import io.cpchain.schemas.RejectReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per device (records arrive keyed by their Kafka key, the device id): does the record decode as a
 * frame of that device, is it signed by the device's registered key, are its readings plausible,
 * and is its sequence number new to the device's replay window (kept without expiry, so a captured
 * frame written again is refused after any wait or restore)? Frames cross the network as the bytes
 * they came in and are decoded once, here.
 *
 * <p>Registrations (from the chain's final blocks, {@code ChainRegistrations}) arrive as broadcast
 * state, so a device registered while the job runs is accepted without a restart. A frame that
 * arrives before its device's registration waits (in keyed state, so it survives a failure) for a
 * grace period before it is rejected as from an unknown device: the raw topic and the chain are
 * read independently, and a device's first frames often race its registration becoming final. The
 * grace counts from when the chain source has caught up with the chain ({@link UnknownDeviceWait}):
 * until then the job knows no device, and a fresh job reading a backlog would otherwise refuse
 * frames a live run accepted.
 */
public final class VerifyAndDeduplicate
    extends KeyedBroadcastProcessFunction<String, RawRecord, ChainUpdate, VerifiedFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(VerifyAndDeduplicate.class);
  /** Gauges: frames (and their bytes) of every unregistered device waiting in this task. */
  public static final String AWAITING_FRAMES = "awaitingRegistrationFrames";
  public static final String AWAITING_BYTES = "awaitingRegistrationBytes";

  public static final MapStateDescriptor<String, DeviceRegistration> REGISTRATIONS = new MapStateDescriptor<>(
      "registrations", Types.STRING, TypeInformation.of(DeviceRegistration.class));

  private static final ValueStateDescriptor<Integer> AWAITING_FRAMES_STATE =
      new ValueStateDescriptor<>("awaiting-frames", Types.INT);
  private static final ValueStateDescriptor<Long> AWAITING_BYTES_STATE =
      new ValueStateDescriptor<>("awaiting-bytes", Types.LONG);

  private final int replayWindow;
  private final Duration unknownDeviceGrace;
  private final int maxFrameBytes;
  private final Duration maxClockSkew;
  private final int maxAwaitingFrames;
  private final long maxAwaitingBytes;
  private final long maxAwaitingTaskBytes;

  /** The device's {@link SequenceWindow}, and the key id of the registration it counts frames under. */
  private transient ValueState<long[]> sequences;
  private transient ValueState<String> sequencesKeyId;
  private transient ListState<RawRecord> awaitingRegistration;
  /** How many frames, and how many bytes of them, wait in {@code awaitingRegistration}. */
  private transient ValueState<Integer> awaitingFrames;
  private transient ValueState<Long> awaitingBytes;
  /**
   * What waits in this task, over its devices. Frames restored waiting from a checkpoint are counted
   * in at the first broadcast element ({@link #countRestoredWaiting}): only the broadcast side may
   * visit every key's state, and the chain source sends one soon after every start.
   */
  private transient long taskAwaitingFrames;
  private transient long taskAwaitingBytes;
  private transient boolean restoredWaitingCounted;
  private transient UnknownDeviceWait unknownDeviceWait;
  private transient FrameDecoder decoder;
  private transient DeviceSignatureVerifier signatures;
  private transient ReadingRules rules;
  private transient Counter recordsIn;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public VerifyAndDeduplicate(IngestJobConfig config) {
    this.replayWindow = config.replayWindow();
    SequenceWindow.checkSize(replayWindow); // when the job is built, not at its first frame
    this.unknownDeviceGrace = config.unknownDeviceGrace();
    this.maxFrameBytes = config.maxFrameBytes();
    this.maxClockSkew = config.maxClockSkew();
    this.maxAwaitingFrames = config.maxAwaitingFrames();
    this.maxAwaitingBytes = config.maxAwaitingBytes();
    this.maxAwaitingTaskBytes = config.maxAwaitingTaskBytes();
  }

  @Override
  public void open(OpenContext openContext) {
    sequences = getRuntimeContext().getState(
        new ValueStateDescriptor<>("frame-sequences", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
    sequencesKeyId = getRuntimeContext().getState(new ValueStateDescriptor<>("frame-sequences-key", Types.STRING));
    awaitingRegistration = getRuntimeContext().getListState(
        new ListStateDescriptor<>("awaiting-registration", TypeInformation.of(RawRecord.class)));
    awaitingFrames = getRuntimeContext().getState(AWAITING_FRAMES_STATE);
    awaitingBytes = getRuntimeContext().getState(AWAITING_BYTES_STATE);
    decoder = new FrameDecoder();
    signatures = new DeviceSignatureVerifier();
    rules = new ReadingRules();
    unknownDeviceWait = new UnknownDeviceWait(unknownDeviceGrace);
    taskAwaitingFrames = 0;
    taskAwaitingBytes = 0;
    restoredWaitingCounted = false;
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    metrics.gauge(AWAITING_FRAMES, () -> taskAwaitingFrames);
    metrics.gauge(AWAITING_BYTES, () -> taskAwaitingBytes);
    recordsIn = metrics.counter(JobMetrics.RECORDS_IN);
    deadLetters = metrics.deadLetters(RejectReason.UNDECODABLE, RejectReason.UNKNOWN_SCHEMA,
        RejectReason.UNKNOWN_DEVICE, RejectReason.BAD_SIGNATURE, RejectReason.OUT_OF_RANGE, RejectReason.INCONSISTENT,
        RejectReason.DUPLICATE_FRAME, RejectReason.TOO_LARGE, RejectReason.FUTURE_EVENT);
  }

  @Override
  public void processElement(RawRecord record, ReadOnlyContext ctx, Collector<VerifiedFrame> out) throws Exception {
    recordsIn.inc();
    try {
      FrameDecoder.checkSize(record.value(), maxFrameBytes); // before it is kept in state to wait
    } catch (FrameRejected rejected) {
      reject(record, rejected, null, ctx);
      return;
    }
    DeviceRegistration registration = ctx.getBroadcastState(REGISTRATIONS).get(record.deviceKey());
    if (registration == null) {
      awaitRegistration(record, ctx);
      return;
    }
    // Frames that came before the registration go first, in the order they came: the device's
    // output keeps the order of its log whatever the registration raced.
    settleAwaiting(registration, ctx, out);
    accept(record, registration, ctx, out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<VerifiedFrame> out) throws Exception {
    DeviceRegistration registration = ctx.getBroadcastState(REGISTRATIONS).get(ctx.getCurrentKey());
    if (registration == null && awaitingFrames.value() != null) {
      OptionalLong again = unknownDeviceWait.nextCheck(timestamp);
      if (again.isPresent()) {
        ctx.timerService().registerProcessingTimeTimer(again.getAsLong());
        return;
      }
    }
    settleAwaiting(registration, ctx, out);
  }

  /**
   * Keeps a frame of a device not registered yet, up to {@code max-awaiting-frames} and
   * {@code max-awaiting-bytes} per device: past that it is an {@code UNKNOWN_DEVICE} dead letter at
   * once, so a flood of frames under an unregistered key cannot fill the job's state; and up to
   * {@code max-awaiting-task-bytes} of all devices in this task, which bounds what waits while the
   * chain source has not caught up (all frames wait then). The first waiting frame sets the one
   * timer that settles them all, {@code unknown-device-grace} after it or after the catch-up.
   */
  private void awaitRegistration(RawRecord record, ReadOnlyContext ctx) throws Exception {
    int frames = awaitingFrames.value() == null ? 0 : awaitingFrames.value();
    long bytes = awaitingBytes.value() == null ? 0 : awaitingBytes.value();
    long size = record.value() == null ? 0 : record.value().length;
    if (frames >= maxAwaitingFrames || bytes + size > maxAwaitingBytes) {
      reject(record, new FrameRejected(RejectReason.UNKNOWN_DEVICE, "device '" + record.deviceKey()
          + "' has no registration and " + frames + " of its frames (" + bytes + " bytes) already wait for one"
          + " (max-awaiting-frames " + maxAwaitingFrames + ", max-awaiting-bytes " + maxAwaitingBytes + ")"),
          null, ctx);
      return;
    }
    if (taskAwaitingBytes + size > maxAwaitingTaskBytes) {
      reject(record, new FrameRejected(RejectReason.UNKNOWN_DEVICE, "device '" + record.deviceKey()
          + "' has no registration and " + taskAwaitingFrames + " frames (" + taskAwaitingBytes + " bytes) of"
          + " unregistered devices already wait in this task (max-awaiting-task-bytes " + maxAwaitingTaskBytes + ")"
          + (unknownDeviceWait.hasCaughtUp() ? "" : "; the job has not read the chain up to its head yet")),
          null, ctx);
      return;
    }
    if (taskAwaitingFrames == 0 && !unknownDeviceWait.hasCaughtUp()) {
      LOG.info("frames of devices not known yet wait: the chain source has not read the chain up to its head yet"
          + " (if no chain node answers, its warnings say why); they are settled once it has");
    }
    if (frames == 0) {
      ctx.timerService().registerProcessingTimeTimer(
          unknownDeviceWait.firstCheck(ctx.timerService().currentProcessingTime()));
    }
    awaitingRegistration.add(record);
    awaitingFrames.update(frames + 1);
    awaitingBytes.update(bytes + size);
    taskAwaitingFrames++;
    taskAwaitingBytes += size;
  }

  /** Checks this device's waiting frames, if any; {@code registration} is null if it is still unknown. */
  private void settleAwaiting(DeviceRegistration registration, ReadOnlyContext ctx, Collector<VerifiedFrame> out)
      throws Exception {
    Iterable<RawRecord> waiting = awaitingRegistration.get();
    if (waiting == null) {
      return; // none, or an earlier timer of this device already settled them
    }
    for (RawRecord record : waiting) {
      accept(record, registration, ctx, out);
    }
    taskAwaitingFrames = Math.max(0, taskAwaitingFrames - (awaitingFrames.value() == null ? 0 : awaitingFrames.value()));
    taskAwaitingBytes = Math.max(0, taskAwaitingBytes - (awaitingBytes.value() == null ? 0 : awaitingBytes.value()));
    awaitingRegistration.clear();
    awaitingFrames.clear();
    awaitingBytes.clear();
  }

  @Override
  public void processBroadcastElement(ChainUpdate update, Context ctx, Collector<VerifiedFrame> out)
      throws Exception {
    if (!restoredWaitingCounted) {
      countRestoredWaiting(ctx);
    }
    if (update.isCaughtUp()) {
      if (!unknownDeviceWait.hasCaughtUp()) {
        LOG.info("the chain source has read the chain up to block {}: frames of devices not known yet are"
            + " UNKNOWN_DEVICE {} ms from now or after they came", update.caughtUpTo(), unknownDeviceGrace.toMillis());
      }
      unknownDeviceWait.caughtUp(ctx.currentProcessingTime());
      return;
    }
    DeviceRegistration registration = update.registration();
    ctx.getBroadcastState(REGISTRATIONS).put(registration.getDeviceId(), registration);
    signatures.forget(registration.getDeviceId());
  }

  /**
   * Counts everything that waits in this task's keyed state, restored frames included, so that the
   * task bound and the {@value #AWAITING_FRAMES} gauge hold after a restore: a caller that waits for
   * the job to settle its waiting frames (the demo, the fault suite) would otherwise see 0 while
   * restored frames still wait for the chain source to catch up.
   */
  private void countRestoredWaiting(Context ctx) throws Exception {
    long[] frames = {0};
    long[] bytes = {0};
    ctx.applyToKeyedState(AWAITING_FRAMES_STATE, (device, state) -> frames[0] += state.value() == null ? 0 : state.value());
    ctx.applyToKeyedState(AWAITING_BYTES_STATE, (device, state) -> bytes[0] += state.value() == null ? 0 : state.value());
    taskAwaitingFrames = frames[0];
    taskAwaitingBytes = bytes[0];
    restoredWaitingCounted = true;
  }

  /** Checks one record of this device; {@code registration} is null if the device is still unknown. */
  private void accept(RawRecord record, DeviceRegistration registration, ReadOnlyContext ctx,
      Collector<VerifiedFrame> out) throws Exception {
    String deviceId = null;
    try {
      DecodedFrame frame = decoder.decode(record.value(), record.provenance());
      deviceId = frame.deviceId();
      if (!deviceId.equals(record.deviceKey())) {
        throw new FrameRejected(RejectReason.INCONSISTENT, "record key '" + record.deviceKey()
            + "' does not name the frame's device " + deviceId);
      }
      if (registration == null) {
        throw new FrameRejected(RejectReason.UNKNOWN_DEVICE, "device " + deviceId + " has no registration (waited "
            + unknownDeviceGrace.toMillis() + " ms after the job had read the chain)");
      }
      signatures.verify(frame, registration);
      rules.check(frame.frame(), registration.getValidFromMs(), registration.getValidToMs());
      // Against the record's Kafka timestamp, so that a replay judges it as the live run did; never
      // later than the job's clock, so that a record stamped ahead cannot carry readings ahead with it.
      long recordTime = Math.min(record.timestampMs(), ctx.timerService().currentProcessingTime());
      rules.checkNotFromTheFuture(frame.frame(), recordTime, maxClockSkew.toMillis());
      takeSequence(deviceId, frame.frame().getSeq(), registration.getKeyId());
      out.collect(new VerifiedFrame(frame, registration.getOwnerId(), record.timestampMs()));
    } catch (FrameRejected rejected) {
      reject(record, rejected, deviceId, ctx);
    }
  }

  /**
   * Replay protection: takes {@code seq} into the device's window, or refuses it as a frame already
   * taken or older than the window. The window counts the frames of one key: a new key (a device
   * re-provisioned, its count back at 0) starts a new one, and its old frames fail the signature.
   */
  private void takeSequence(String deviceId, long seq, String keyId) throws Exception {
    SequenceWindow window = keyId.equals(sequencesKeyId.value())
        ? SequenceWindow.fromState(sequences.value(), replayWindow) : SequenceWindow.empty(replayWindow);
    switch (window.check(seq)) {
      case TAKEN -> throw new FrameRejected(RejectReason.DUPLICATE_FRAME,
          "device " + deviceId + " already sent frame " + seq);
      case TOO_OLD -> throw new FrameRejected(RejectReason.DUPLICATE_FRAME, "frame " + seq + " of device " + deviceId
          + " is older than its replay window: its newest frame is " + window.highest() + ", frames from "
          + window.lowestOpen() + " on are taken (replay-window " + replayWindow + ")");
      case NEW -> {
        window.take(seq);
        sequences.update(window.toState());
        sequencesKeyId.update(keyId);
      }
    }
  }

  private void reject(RawRecord record, FrameRejected rejected, String deviceId, ReadOnlyContext ctx) {
    deadLetters.count(rejected.reason());
    byte[] kept = record.value() != null && record.value().length > maxFrameBytes
        ? Arrays.copyOf(record.value(), maxFrameBytes) : record.value();
    ctx.output(DeadLetters.TAG, DeadLetters.of(kept, record.provenance(), rejected, deviceId,
        ctx.timerService().currentProcessingTime()));
  }
}
