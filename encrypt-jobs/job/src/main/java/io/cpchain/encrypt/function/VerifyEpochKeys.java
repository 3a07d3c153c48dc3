package io.cpchain.encrypt.function;

import io.cpchain.conf.Durations;
import io.cpchain.encrypt.chain.ChainIdentity;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.encrypt.state.EpochKeyCertificates;
import io.cpchain.encrypt.state.EpochKeyRetention;
import io.cpchain.encrypt.state.HeldEpochKey;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.RejectReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by owner id: the chain's facts about the owner (root keys, devices, from the chain source)
 * and the certificates published in its name meet here, and only certificates
 * {@link EpochKeyCertificates} accepts go on to {@link EncryptAndStore}. A refused one (bad, or in
 * conflict with the key that stands) is a dead letter with its reason. One whose owner or device
 * the chain has not shown yet waits, at most {@code epoch-key-chain-wait} and at most
 * {@code epoch-keys-awaiting-chain} of them per owner, and is judged again on each fact about the
 * owner; what still waits then is a {@code BAD_CERTIFICATE} dead letter saying what the chain did not show.
 */
public final class VerifyEpochKeys extends KeyedCoProcessFunction<String, ChainIdentity, EpochKey, EpochKey> {

  /** Certificates refused, and those whose owner or device the chain did not show in time. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("refused-epoch-keys") {};
  private static final Logger LOG = LoggerFactory.getLogger(VerifyEpochKeys.class);

  /** A certificate waiting for the chain to show its owner or device, as published. */
  public record AwaitingCertificate(byte[] encoded, long deadlineMs) {}

  private final EncryptJobConfig config;
  private final EpochKeyCertificates certificates;
  private final EpochKeyRetention retention;
  private transient ListState<ChainIdentity> rootKeys;
  private transient MapState<String, Boolean> devices;
  /** The key that stands for each {@code device|epoch} of the owner. */
  private transient MapState<String, HeldEpochKey> accepted;
  private transient ListState<AwaitingCertificate> awaiting;
  private transient AvroMessages<EpochKey> messages;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public VerifyEpochKeys(EncryptJobConfig config) {
    this.config = config;
    this.certificates = new EpochKeyCertificates(config.keyEpoch());
    this.retention = new EpochKeyRetention(config.keyEpoch(), config.epochKeyRetention(), config.epochKeysPerDevice());
  }

  @Override
  public void open(OpenContext openContext) {
    rootKeys = getRuntimeContext().getListState(
        new ListStateDescriptor<>("owner-root-keys", TypeInformation.of(ChainIdentity.class)));
    devices = getRuntimeContext().getMapState(new MapStateDescriptor<>("owner-devices", Types.STRING, Types.BOOLEAN));
    accepted = getRuntimeContext().getMapState(new MapStateDescriptor<>("standing-epoch-keys", Types.STRING,
        TypeInformation.of(HeldEpochKey.class)));
    awaiting = getRuntimeContext().getListState(
        new ListStateDescriptor<>("awaiting-chain", TypeInformation.of(AwaitingCertificate.class)));
    messages = AvroMessages.of(EpochKey.class);
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup())
        .deadLetters(RejectReason.BAD_CERTIFICATE, RejectReason.EPOCH_KEY_CONFLICT);
  }

  @Override
  public void processElement1(ChainIdentity fact, Context ctx, Collector<EpochKey> out) throws Exception {
    if (fact.isDevice()) {
      devices.put(fact.deviceId(), true);
    } else {
      List<ChainIdentity> known = new ArrayList<>();
      rootKeys.get().forEach(known::add);
      if (known.stream().noneMatch(key -> key.height() == fact.height()
          && key.effectiveFromMs() == fact.effectiveFromMs())) {
        rootKeys.add(fact);
      }
    }
    List<AwaitingCertificate> stillAwaiting = new ArrayList<>();
    for (AwaitingCertificate entry : awaiting.get()) {
      if (judge(decode(entry.encoded()), entry.encoded(), ctx, out) != null) {
        stillAwaiting.add(entry);
      }
    }
    awaiting.update(stillAwaiting);
  }

  @Override
  public void processElement2(EpochKey record, Context ctx, Collector<EpochKey> out) throws Exception {
    byte[] encoded = messages.encode(record);
    String why = judge(record, encoded, ctx, out);
    if (why == null) {
      return;
    }
    List<AwaitingCertificate> queue = new ArrayList<>();
    awaiting.get().forEach(queue::add);
    if (queue.size() >= config.epochKeysAwaitingChain()) {
      deadLetter(ctx, record, encoded, RejectReason.BAD_CERTIFICATE, why + "; " + queue.size() + " certificates of"
          + " this owner already wait for the chain (epoch-keys-awaiting-chain)");
      return;
    }
    long deadline = ctx.timerService().currentProcessingTime() + config.epochKeyChainWait().toMillis();
    awaiting.add(new AwaitingCertificate(encoded, deadline));
    ctx.timerService().registerProcessingTimeTimer(deadline);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EpochKey> out) throws Exception {
    List<AwaitingCertificate> stillAwaiting = new ArrayList<>();
    for (AwaitingCertificate entry : awaiting.get()) {
      if (entry.deadlineMs() > timestamp) {
        stillAwaiting.add(entry);
        continue;
      }
      EpochKey record = decode(entry.encoded());
      String why = judge(record, entry.encoded(), ctx, out);
      if (why != null) {
        deadLetter(ctx, record, entry.encoded(), RejectReason.BAD_CERTIFICATE, why + " after epoch-key-chain-wait ("
            + Durations.format(config.epochKeyChainWait()) + ")");
      }
    }
    awaiting.update(stillAwaiting);
  }

  /** Passes on or dead-letters the certificate; returns why it must wait, or null once it is decided. */
  private String judge(EpochKey record, byte[] encoded, Context ctx, Collector<EpochKey> out) throws Exception {
    String slot = record.getDeviceId() + "|" + record.getEpoch();
    HeldEpochKey standing = accepted.get(slot);
    List<ChainIdentity> keys = new ArrayList<>();
    rootKeys.get().forEach(keys::add);
    EpochKeyCertificates.Verdict verdict = certificates.judge(record, new EpochKeyCertificates.Owner(keys,
        devices.contains(record.getDeviceId()), standing == null ? null : standing.epochKey()));
    if (verdict instanceof EpochKeyCertificates.Awaiting wait) {
      return wait.why();
    }
    if (verdict instanceof EpochKeyCertificates.Refused refused) {
      deadLetter(ctx, record, encoded, refused.reason(), refused.why());
    } else if (verdict instanceof EpochKeyCertificates.Accepted taken) {
      long now = ctx.timerService().currentProcessingTime();
      dropExpired(now);
      if (!retention.expired(record.getEpoch(), now)) {
        accepted.put(slot, new HeldEpochKey(record.getOwnerId(), record.getEpoch(), taken.epochKey()));
      }
      out.collect(record);
    } // Repeated: the key that stands, again
    return null;
  }

  /** Standing keys of epochs past the retention: no interval needs them, so no conflict over them matters. */
  private void dropExpired(long now) throws Exception {
    List<String> expired = new ArrayList<>();
    for (var entry : accepted.entries()) {
      if (retention.expired(entry.getValue().epoch(), now)) {
        expired.add(entry.getKey());
      }
    }
    for (String slot : expired) {
      accepted.remove(slot);
    }
  }

  private void deadLetter(Context ctx, EpochKey record, byte[] encoded, RejectReason reason, String why) {
    LOG.warn("dead-lettering the epoch key certificate {} as {}: {}", EpochKeyRecords.key(record), reason, why);
    ctx.output(DEAD_LETTERS, DeadLetter.newBuilder()
        .setOriginalBytes(ByteBuffer.wrap(encoded))
        .setSourceTopic(config.epochKeysTopic())
        // The offset is not carried past decoding; the record's key (owner|device|epoch) identifies it.
        .setSourcePartition(-1)
        .setSourceOffset(-1)
        .setReason(reason)
        .setDetail(why)
        .setDeviceId(record.getDeviceId())
        .setRejectedAtMs(ctx.timerService().currentProcessingTime())
        .build());
    deadLetters.count(reason);
  }

  private EpochKey decode(byte[] encoded) {
    try {
      return messages.decode(encoded);
    } catch (IOException e) {
      throw new UncheckedIOException("a certificate this job encoded does not decode", e);
    }
  }
}
