package io.cpchain.encrypt.function;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.encrypt.io.PipelineStorage;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.storage.StorageException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts each closed interval to the key its owner certified for the interval's (device, key epoch),
 * stores its chunks and emits its signed manifest. Verified epoch keys arrive as broadcast state, by
 * {@code owner|device|epoch}; a certificate that does not verify, or is for another epoch length than
 * the job's, is ignored with a warning. An interval whose epoch key is not known yet waits in keyed
 * state and is written when the key arrives, so nothing is dropped and nothing is encrypted to a key
 * the owner did not certify.
 */
public final class EncryptAndStore
    extends KeyedBroadcastProcessFunction<String, ClosedInterval, EpochKey, IntervalManifest> {

  public static final MapStateDescriptor<String, byte[]> EPOCH_KEYS = new MapStateDescriptor<>("epoch-keys",
      Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  static final ListStateDescriptor<ClosedInterval> WAITING =
      new ListStateDescriptor<>("waiting-for-epoch-key", TypeInformation.of(ClosedInterval.class));
  private static final Logger LOG = LoggerFactory.getLogger(EncryptAndStore.class);

  private final EncryptJobConfig config;
  private transient IntervalWriter writer;
  private transient ListState<ClosedInterval> waiting;
  private transient Counter intervalsWritten;
  private transient Counter recordsOut;

  public EncryptAndStore(EncryptJobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    writer = new IntervalWriter(PipelineStorage.chunkStore(config), PipelineStorage.signingKey(config),
        config.chunkSize(), config.keyEpoch());
    waiting = getRuntimeContext().getListState(WAITING);
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    intervalsWritten = metrics.counter(JobMetrics.INTERVALS_WRITTEN);
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
  }

  @Override
  public void processElement(ClosedInterval interval, ReadOnlyContext ctx, Collector<IntervalManifest> out)
      throws Exception {
    byte[] epochKey = ctx.getBroadcastState(EPOCH_KEYS).get(stateKey(interval));
    if (epochKey == null) {
      waiting.add(interval);
    } else {
      out.collect(write(interval, epochKey));
    }
  }

  @Override
  public void processBroadcastElement(EpochKey record, Context ctx, Collector<IntervalManifest> out)
      throws Exception {
    String key = EpochKeyRecords.key(record);
    byte[] epochKey;
    try {
      epochKey = EpochKeyRecords.verifiedKey(record, config.keyEpoch()).toBytes();
    } catch (GeneralSecurityException e) {
      LOG.warn("ignoring the epoch key certificate {}: {}", key, e.getMessage());
      return;
    }
    ctx.getBroadcastState(EPOCH_KEYS).put(key, epochKey);
    ctx.applyToKeyedState(WAITING, (deviceKey, state) -> {
      List<ClosedInterval> stillWaiting = new ArrayList<>();
      for (ClosedInterval interval : state.get()) {
        if (stateKey(interval).equals(key)) {
          out.collect(write(interval, epochKey));
        } else {
          stillWaiting.add(interval);
        }
      }
      state.update(stillWaiting);
    });
  }

  private String stateKey(ClosedInterval interval) {
    return EpochKeyRecords.key(interval.ownerId(), interval.deviceId(),
        EpochKeys.epochOf(interval.startMs(), config.keyEpoch()));
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
      throw new IllegalStateException("epoch key " + stateKey(interval) + " was verified but does not decode", e);
    }
  }
}
