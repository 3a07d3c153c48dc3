package io.cpchain.he.function;

import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by {@link ContributionKind#identity}: the first contribution of an identity goes on to be
 * summed, a second one (a replay, or a second opinion of the same window) is a DUPLICATE_CONTRIBUTION
 * dead letter. Each identity is remembered until the sum it goes into has been made (the end of its
 * event-time window of {@code sumWindowMs}); a contribution after that is late in the sum anyway.
 */
public final class FirstContributionOnly<T extends SpecificRecord> extends KeyedProcessFunction<String, T, T> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("duplicates") {};

  private final ContributionKind<T> kind;
  private final long sumWindowMs;
  private final String topic;
  private transient ValueState<Boolean> seen;
  private transient AvroMessages<T> messages;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public FirstContributionOnly(ContributionKind<T> kind, long sumWindowMs, String topic) {
    this.kind = kind;
    this.sumWindowMs = sumWindowMs;
    this.topic = topic;
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Types.BOOLEAN));
    messages = AvroMessages.of(kind.type());
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup())
        .deadLetters(RejectReason.DUPLICATE_CONTRIBUTION);
  }

  @Override
  public void processElement(T contribution, Context ctx, Collector<T> out) throws Exception {
    if (seen.value() != null) {
      deadLetters.count(RejectReason.DUPLICATE_CONTRIBUTION);
      ctx.output(DEAD_LETTERS, ContributionDeadLetter.of(kind, messages, contribution, topic,
          RejectReason.DUPLICATE_CONTRIBUTION, "a contribution of this identity was already counted; the first stands"));
      return;
    }
    seen.update(true);
    long sumWindowStart = TimeWindow.getWindowStartWithOffset(ctx.timestamp(), 0, sumWindowMs);
    ctx.timerService().registerEventTimeTimer(sumWindowStart + sumWindowMs - 1);
    out.collect(contribution);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) {
    seen.clear();
  }
}
