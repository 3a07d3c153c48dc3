package io.cpchain.anchor.function;

import io.cpchain.anchor.batch.AnchorQueue;
import io.cpchain.anchor.batch.Anchored;
import io.cpchain.anchor.batch.Anchorer;
import io.cpchain.anchor.batch.Batch;
import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.anchor.serde.AnchorReceipts;
import io.cpchain.anchor.serde.AnchorStateSerializer;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AnchorReceipt;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The thin Flink side of anchoring: manifests go into an {@link AnchorQueue}; a processing-time tick
 * seals due batches and lets the {@link Anchorer} move each checkpointed batch one step toward the
 * chain; a final batch becomes one receipt per manifest. The queue is operator state, so batches wait
 * through restarts and chain outages. Run with parallelism 1: one submitter, one nonce sequence.
 */
public final class AnchorOperator extends AbstractStreamOperator<AnchorReceipt>
    implements OneInputStreamOperator<ManifestRef, AnchorReceipt>, ProcessingTimeCallback {

  private final AnchorJobConfig config;
  private transient ListState<byte[]> state;
  private transient AnchorQueue queue;
  private transient Anchorer anchorer;
  private transient long retryAtMs;
  private transient long backoffMs;
  private transient Counter recordsIn;
  private transient Counter recordsOut;
  private transient Counter batchesAnchored;
  private transient Counter manifestsAnchored;

  public AnchorOperator(AnchorJobConfig config) {
    this.config = config;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("anchor-queue", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    queue = new AnchorQueue(config.uploadInterval().toMillis(), config.maxBatch());
    for (byte[] bytes : state.get()) {
      queue = AnchorStateSerializer.deserialize(bytes, config.uploadInterval().toMillis(), config.maxBatch());
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    // The key is read here, on the task manager: it never travels in the job graph or its arguments.
    List<ChainClient> nodes = config.chainNodeList().stream().map(ChainClient::new).toList();
    anchorer = new Anchorer(nodes, KeyStore.loadAccountFile(Path.of(config.submitterKeyFile()),
        PasswordFile.read(Path.of(config.submitterKeyPasswordFile()))), config.dataset(),
        config.resubmitAfter().toMillis());
    backoffMs = config.retryMin().toMillis();
    JobMetrics metrics = new JobMetrics(getMetricGroup());
    recordsIn = metrics.counter(JobMetrics.RECORDS_IN);
    recordsOut = metrics.counter(JobMetrics.RECORDS_OUT);
    batchesAnchored = metrics.counter(JobMetrics.BATCHES_ANCHORED);
    manifestsAnchored = metrics.counter(JobMetrics.MANIFESTS_ANCHORED);
    scheduleTick();
  }

  @Override
  public void processElement(StreamRecord<ManifestRef> element) {
    queue.add(element.getValue());
    recordsIn.inc();
  }

  @Override
  public void onProcessingTime(long timestamp) {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    queue.sealIfDue(now);
    if (now >= retryAtMs) {
      advance(now);
    }
    scheduleTick();
  }

  private void advance(long now) {
    List<Batch> ready = queue.submittable();
    if (ready.isEmpty()) {
      return;
    }
    Map<Batch, Anchored> anchored;
    try {
      anchored = anchorer.advance(ready, now);
    } catch (RuntimeException chainTrouble) {
      // Unreachable or refused: the batches stay in state; try again after a growing pause.
      LOG.warn("chain not ready for {} batches, retrying in {} ms: {}", ready.size(), backoffMs,
          chainTrouble.getMessage());
      retryAtMs = now + backoffMs;
      backoffMs = Math.min(backoffMs * 2, config.retryMax().toMillis());
      return;
    }
    backoffMs = config.retryMin().toMillis();
    anchored.forEach((batch, where) -> {
      for (AnchorReceipt receipt : AnchorReceipts.of(batch, where, config.dataset())) {
        output.collect(new StreamRecord<>(receipt));
        recordsOut.inc();
        manifestsAnchored.inc(); // one receipt per anchored manifest
      }
      batchesAnchored.inc();
      queue.anchored(batch);
    });
  }

  private void scheduleTick() {
    getProcessingTimeService().registerTimer(
        getProcessingTimeService().getCurrentProcessingTime() + config.pollInterval().toMillis(), this);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    queue.checkpointing(context.getCheckpointId());
    state.update(List.of(AnchorStateSerializer.serialize(queue)));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    queue.checkpointCompleted(checkpointId);
  }
}
