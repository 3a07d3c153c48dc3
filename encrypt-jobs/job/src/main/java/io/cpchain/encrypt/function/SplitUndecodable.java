package io.cpchain.encrypt.function;

import io.cpchain.jobs.source.Decoded;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.ValidReading;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Readings go on; records that did not decode go to the dead letters. */
public final class SplitUndecodable extends ProcessFunction<Decoded<ValidReading>, ValidReading> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("undecodable") {};

  @Override
  public void processElement(Decoded<ValidReading> value, Context ctx, Collector<ValidReading> out) {
    if (value.ok()) {
      out.collect(value.value());
    } else {
      ctx.output(DEAD_LETTERS, value.deadLetter());
    }
  }
}
