package io.cpchain.encrypt.function;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.IntervalWriter;
import io.cpchain.encrypt.io.PipelineStorage;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.OwnerKey;
import io.cpchain.storage.StorageException;
import java.nio.ByteBuffer;
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
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Encrypts each closed interval to its owner's key for the interval's key epoch, stores its chunks and emits its signed
 * manifest. Owner keys arrive as broadcast state; an interval whose owner has no key yet waits in
 * keyed state and is written when the key arrives, so nothing is dropped and nothing is encrypted to
 * a key the owner did not publish.
 */
public final class EncryptAndStore
    extends KeyedBroadcastProcessFunction<String, ClosedInterval, OwnerKey, IntervalManifest> {

  public static final MapStateDescriptor<String, byte[]> OWNER_KEYS = new MapStateDescriptor<>("owner-keys",
      Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  static final ListStateDescriptor<ClosedInterval> WAITING =
      new ListStateDescriptor<>("waiting-for-owner-key", TypeInformation.of(ClosedInterval.class));

  private final EncryptJobConfig config;
  private transient IntervalWriter writer;
  private transient ListState<ClosedInterval> waiting;

  public EncryptAndStore(EncryptJobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    writer = new IntervalWriter(PipelineStorage.chunkStore(config), PipelineStorage.signingKey(config),
        config.chunkSize(), config.keyEpoch());
    waiting = getRuntimeContext().getListState(WAITING);
  }

  @Override
  public void processElement(ClosedInterval interval, ReadOnlyContext ctx, Collector<IntervalManifest> out)
      throws Exception {
    byte[] ownerKey = ctx.getBroadcastState(OWNER_KEYS).get(interval.ownerId());
    if (ownerKey == null) {
      waiting.add(interval);
    } else {
      out.collect(write(interval, ownerKey));
    }
  }

  @Override
  public void processBroadcastElement(OwnerKey key, Context ctx, Collector<IntervalManifest> out) throws Exception {
    byte[] point = bytes(key.getUmbralPublicKey());
    String owner = key.getOwnerId();
    ctx.getBroadcastState(OWNER_KEYS).put(owner, point);
    ctx.applyToKeyedState(WAITING, (deviceKey, state) -> {
      List<ClosedInterval> stillWaiting = new ArrayList<>();
      for (ClosedInterval interval : state.get()) {
        if (interval.ownerId().equals(owner)) {
          out.collect(write(interval, point));
        } else {
          stillWaiting.add(interval);
        }
      }
      state.update(stillWaiting);
    });
  }

  /** A storage failure fails the task: the job restarts from its checkpoint and writes the interval again. */
  private IntervalManifest write(ClosedInterval interval, byte[] ownerKey) throws StorageException,
      GeneralSecurityException {
    try {
      return writer.write(interval.toInterval(UmbralPublicKey.fromBytes(ownerKey)));
    } catch (CryptoFormatException e) {
      throw new IllegalStateException("owner key of " + interval.ownerId() + " passed the source's check but does"
          + " not decode", e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
