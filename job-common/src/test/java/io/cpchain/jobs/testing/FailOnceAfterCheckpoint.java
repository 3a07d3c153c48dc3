package io.cpchain.jobs.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Passes records through, and once in the test JVM's life throws after a checkpoint completed and
 * enough records went by: a crash in the middle of the stream, with committed and uncommitted
 * output on both sides of it.
 */
public final class FailOnceAfterCheckpoint<T> implements MapFunction<T, T>, CheckpointListener {

  public static final AtomicBoolean FAILED = new AtomicBoolean();

  private final long failAfterRecords;
  private long seen;
  private boolean checkpointCompleted;

  public FailOnceAfterCheckpoint(long failAfterRecords) {
    this.failAfterRecords = failAfterRecords;
  }

  @Override
  public T map(T value) {
    seen++;
    if (checkpointCompleted && seen > failAfterRecords && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("injected failure after " + seen + " records");
    }
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointCompleted = true;
  }
}
