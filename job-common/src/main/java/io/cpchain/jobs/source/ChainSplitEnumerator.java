package io.cpchain.jobs.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands the one chain split to the first reader, and again to a reader after a failure gave it back. */
final class ChainSplitEnumerator implements SplitEnumerator<ChainSplit, List<ChainSplit>> {

  private final SplitEnumeratorContext<ChainSplit> context;
  private final List<ChainSplit> pending;

  ChainSplitEnumerator(SplitEnumeratorContext<ChainSplit> context, List<ChainSplit> pending) {
    this.context = context;
    this.pending = new ArrayList<>(pending);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    assignPending();
  }

  @Override
  public void addSplitsBack(List<ChainSplit> splits, int subtaskId) {
    pending.addAll(splits);
    assignPending();
  }

  @Override
  public void addReader(int subtaskId) {
    assignPending();
  }

  private void assignPending() {
    if (pending.isEmpty() || context.registeredReaders().isEmpty()) {
      return;
    }
    int reader = context.registeredReaders().keySet().stream().min(Integer::compare).orElseThrow();
    pending.forEach(split -> context.assignSplit(split, reader));
    pending.clear();
  }

  @Override
  public List<ChainSplit> snapshotState(long checkpointId) {
    return List.copyOf(pending);
  }

  @Override
  public void close() {}
}
