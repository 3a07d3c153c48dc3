package io.cpchain.encrypt.function;

import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.source.Decoded;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Readings go on; records that did not decode go to the dead letters. */
public final class SplitUndecodable extends ProcessFunction<Decoded<ValidReading>, ValidReading> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("undecodable") {};

  private transient Counter recordsIn;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  @Override
  public void open(OpenContext openContext) {
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    recordsIn = metrics.counter(JobMetrics.RECORDS_IN);
    deadLetters = metrics.deadLetters(RejectReason.UNDECODABLE);
  }

  @Override
  public void processElement(Decoded<ValidReading> value, Context ctx, Collector<ValidReading> out) {
    recordsIn.inc();
    if (value.ok()) {
      out.collect(value.value());
    } else {
      ctx.output(DEAD_LETTERS, value.deadLetter());
      deadLetters.count(value.deadLetter().getReason());
    }
  }
}
