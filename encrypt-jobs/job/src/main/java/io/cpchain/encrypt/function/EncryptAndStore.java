package io.cpchain.encrypt.function;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.conf.Durations;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.encrypt.io.PipelineStorage;
import io.cpchain.encrypt.state.EpochKeyRetention;
import io.cpchain.encrypt.state.HeldEpochKey;
import io.cpchain.encrypt.state.NoEpochKeyDeadLetters;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.RejectReason;
import io.cpchain.storage.StorageException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts each closed interval to the key its owner certified for the interval's (device, key epoch),
 * stores its chunks and emits its signed manifest. Epoch keys arrive as broadcast state, by device,
 * once {@link VerifyEpochKeys} has checked their certificates against the chain (only the first
 * valid one of an (owner, device, epoch) comes). An interval whose epoch key is not known yet waits in keyed state and is
 * written when the key arrives, so nothing is encrypted to a key the owner did not certify.
 *
 * <p>Both states are bounded. An interval waits at most {@code epoch-key-wait} and then goes to the
 * dead letters as {@code NO_EPOCH_KEY}, its readings whole; so does at once an interval whose key epoch
 * ended more than {@code epoch-key-retention} ago, since its key is no longer held. The held keys
 * follow {@link EpochKeyRetention}: expired ones are dropped (a device's when a certificate for it
 * comes, every device's once per key epoch), and a device holds at most {@code epoch-keys-per-device}.
 */
public final class EncryptAndStore
    extends KeyedBroadcastProcessFunction<String, ClosedInterval, EpochKey, IntervalManifest> {

  /** The verified epoch keys of each device, by device id. */
  public static final MapStateDescriptor<String, List<HeldEpochKey>> EPOCH_KEYS = new MapStateDescriptor<>(
      "epoch-keys", Types.STRING, Types.LIST(TypeInformation.of(HeldEpochKey.class)));
  static final ListStateDescriptor<WaitingInterval> WAITING =
      new ListStateDescriptor<>("waiting-for-epoch-key", TypeInformation.of(WaitingInterval.class));
  /** The readings of intervals that cannot be encrypted for want of their epoch key. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("no-epoch-key") {};
  /** Held or arriving keys of epochs that ended more than the retention ago, dropped (by each subtask). */
  public static final String EPOCH_KEYS_EXPIRED = "epochKeysExpired";
  /** Keys dropped because their device was over {@code epoch-keys-per-device} (by each subtask). */
  public static final String EPOCH_KEYS_OVER_CAP = "epochKeysOverCap";
  private static final Logger LOG = LoggerFactory.getLogger(EncryptAndStore.class);

  private final EncryptJobConfig config;
  private final EpochKeyRetention retention;
  private transient IntervalWriter writer;
  private transient ListState<WaitingInterval> waiting;
  private transient Counter intervalsWritten;
  private transient Counter recordsOut;
  private transient Counter epochKeysExpired;
  private transient Counter epochKeysOverCap;
  private transient JobMetrics.DeadLetterCounters deadLetters;
  /**
   * The processing time this task first saw. Timers restored from a checkpoint may be overdue; their
   * intervals still get the full wait from here, while the key source catches up on what owners
   * published while the job was down.
   */
  private transient long firstSeenMs;
  /** When every device's held keys are next swept for expired ones (devices that get no new certificates). */
  private transient long nextSweepMs;

  public EncryptAndStore(EncryptJobConfig config) {
    this.config = config;
    this.retention = new EpochKeyRetention(config.keyEpoch(), config.epochKeyRetention(), config.epochKeysPerDevice());
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    writer = new IntervalWriter(PipelineStorage.chunkStore(config), PipelineStorage.signingKey(config),
        config.chunkSize(), config.keyEpoch());
    waiting = getRuntimeContext().getListState(WAITING);
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    intervalsWritten = metrics.counter(JobMetrics.INTERVALS_WRITTEN);
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
    epochKeysExpired = metrics.counter(EPOCH_KEYS_EXPIRED);
    epochKeysOverCap = metrics.counter(EPOCH_KEYS_OVER_CAP);
    deadLetters = metrics.deadLetters(RejectReason.NO_EPOCH_KEY);
    firstSeenMs = Long.MIN_VALUE;
    nextSweepMs = Long.MIN_VALUE;
  }

  @Override
  public void processElement(ClosedInterval interval, ReadOnlyContext ctx, Collector<IntervalManifest> out)
      throws Exception {
    long now = seen(ctx.currentProcessingTime());
    long epoch = epochOf(interval);
    byte[] epochKey = find(ctx.getBroadcastState(EPOCH_KEYS).get(interval.deviceId()), interval.ownerId(), epoch);
    if (epochKey != null) {
      out.collect(write(interval, epochKey));
    } else if (retention.expired(epoch, now)) {
      deadLetter(ctx, interval, "is of key epoch " + epoch + ", which ended more than epoch-key-retention ("
          + Durations.format(config.epochKeyRetention()) + ") ago: its epoch key is no longer held", now);
    } else {
      // Processing time: the wait is for the owner to publish, which the readings' event time says
      // nothing about (a backlog replayed in event time would give up on keys still being read).
      long deadline = now + config.epochKeyWait().toMillis();
      waiting.add(new WaitingInterval(interval, deadline));
      ctx.timerService().registerProcessingTimeTimer(deadline);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<IntervalManifest> out) throws Exception {
    long now = seen(ctx.currentProcessingTime());
    long earliest = firstSeenMs + config.epochKeyWait().toMillis();
    if (timestamp < earliest) {
      ctx.timerService().registerProcessingTimeTimer(earliest); // restored and overdue: see firstSeenMs
      return;
    }
    List<WaitingInterval> stillWaiting = new ArrayList<>();
    for (WaitingInterval entry : waiting.get()) {
      if (entry.deadlineMs() <= timestamp) {
        ClosedInterval interval = entry.interval();
        deadLetter(ctx, interval, "waited epoch-key-wait (" + Durations.format(config.epochKeyWait())
            + ") for its owner's epoch key " + EpochKeyRecords.key(interval.ownerId(), interval.deviceId(),
            epochOf(interval)) + " on " + config.epochKeysTopic() + ", which did not come", now);
      } else {
        stillWaiting.add(entry);
      }
    }
    if (stillWaiting.isEmpty()) {
      waiting.clear();
    } else {
      waiting.update(stillWaiting);
    }
  }

  @Override
  public void processBroadcastElement(EpochKey record, Context ctx, Collector<IntervalManifest> out)
      throws Exception {
    long now = seen(ctx.currentProcessingTime());
    byte[] epochKey = Bytes.of(record.getEpochKey()); // verified against the chain by VerifyEpochKeys
    BroadcastState<String, List<HeldEpochKey>> keys = ctx.getBroadcastState(EPOCH_KEYS);
    if (now >= nextSweepMs) {
      sweepExpired(keys, now);
      nextSweepMs = now + config.keyEpoch().toMillis();
    }
    String device = record.getDeviceId();
    HeldEpochKey incoming = new HeldEpochKey(record.getOwnerId(), record.getEpoch(), epochKey);
    List<HeldEpochKey> held = keys.get(device);
    EpochKeyRetention.Admission admission = retention.admit(held == null ? List.of() : held, incoming, now);
    report(device, incoming, admission);
    if (admission.kept().isEmpty()) {
      keys.remove(device);
    } else {
      keys.put(device, admission.kept());
    }
    if (!admission.stored()) {
      return;
    }
    ctx.applyToKeyedState(WAITING, (deviceKey, state) -> {
      if (!deviceKey.equals(device)) {
        return;
      }
      List<WaitingInterval> stillWaiting = new ArrayList<>();
      for (WaitingInterval entry : state.get()) {
        ClosedInterval interval = entry.interval();
        if (interval.ownerId().equals(incoming.ownerId()) && epochOf(interval) == incoming.epoch()) {
          out.collect(write(interval, epochKey)); // its timer finds it gone
        } else {
          stillWaiting.add(entry);
        }
      }
      if (stillWaiting.isEmpty()) {
        state.clear();
      } else {
        state.update(stillWaiting);
      }
    });
  }

  private long seen(long nowMs) {
    if (firstSeenMs == Long.MIN_VALUE) {
      firstSeenMs = nowMs;
    }
    return nowMs;
  }

  /** Drops expired keys of every device, also of devices that no longer get certificates. */
  private void sweepExpired(BroadcastState<String, List<HeldEpochKey>> keys, long now) throws Exception {
    Map<String, List<HeldEpochKey>> changed = new HashMap<>();
    for (Map.Entry<String, List<HeldEpochKey>> entry : keys.entries()) {
      List<HeldEpochKey> unexpired = retention.unexpired(entry.getValue(), now);
      if (unexpired.size() < entry.getValue().size()) {
        epochKeysExpired.inc(entry.getValue().size() - unexpired.size());
        changed.put(entry.getKey(), unexpired);
      }
    }
    for (Map.Entry<String, List<HeldEpochKey>> entry : changed.entrySet()) {
      if (entry.getValue().isEmpty()) {
        keys.remove(entry.getKey());
      } else {
        keys.put(entry.getKey(), entry.getValue());
      }
    }
    if (!changed.isEmpty()) {
      LOG.info("dropped the expired epoch keys of {} devices (epochs that ended more than {} ago)", changed.size(),
          Durations.format(config.epochKeyRetention()));
    }
  }

  private void report(String device, HeldEpochKey incoming, EpochKeyRetention.Admission admission) {
    // Expiry is routine (a fresh job reads every old certificate on the compacted topic); the cap is not.
    epochKeysExpired.inc(admission.expired().size());
    for (HeldEpochKey dropped : admission.overCap()) {
      epochKeysOverCap.inc();
      LOG.warn("device {} is over epoch-keys-per-device ({}): dropped {} epoch key {}", device,
          config.epochKeysPerDevice(), dropped == incoming ? "the just certified" : "its held",
          EpochKeyRecords.key(dropped.ownerId(), device, dropped.epoch()));
    }
  }

  private static byte[] find(List<HeldEpochKey> held, String ownerId, long epoch) {
    if (held != null) {
      for (HeldEpochKey key : held) {
        if (key.epoch() == epoch && key.ownerId().equals(ownerId)) {
          return key.epochKey();
        }
      }
    }
    return null;
  }

  private long epochOf(ClosedInterval interval) {
    return EpochKeys.epochOf(interval.startMs(), config.keyEpoch());
  }

  private void deadLetter(ReadOnlyContext ctx, ClosedInterval interval, String why, long now) {
    String detail = "interval [" + interval.startMs() + ", " + interval.endMs() + ") of " + interval.deviceId()
        + " (owner " + interval.ownerId() + ", " + interval.readingCount() + " readings) " + why;
    LOG.warn("dead-lettering {}", detail);
    for (DeadLetter letter : NoEpochKeyDeadLetters.of(interval.deviceId(), interval.container(), config.validTopic(),
        detail, now)) {
      ctx.output(DEAD_LETTERS, letter);
      deadLetters.count(RejectReason.NO_EPOCH_KEY);
    }
  }

  /** A storage failure fails the task: the job restarts from its checkpoint and writes the interval again. */
  private IntervalManifest write(ClosedInterval interval, byte[] epochKey) throws StorageException,
      GeneralSecurityException {
    try {
      IntervalManifest manifest = writer.write(interval.toInterval(UmbralPublicKey.fromBytes(epochKey)));
      intervalsWritten.inc();
      recordsOut.inc(); // each written interval leaves as its manifest
      return manifest;
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("epoch key " + EpochKeyRecords.key(interval.ownerId(), interval.deviceId(),
          epochOf(interval)) + " was verified but does not decode", e);
    }
  }
}
