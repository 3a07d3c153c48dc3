package io.cpchain.ingest.function;

import io.cpchain.ingest.serde.DeadLetters;
import io.cpchain.ingest.source.RawRecord;
import io.cpchain.ingest.validation.DecodedFrame;
import io.cpchain.ingest.validation.FrameDecoder;
import io.cpchain.ingest.validation.FrameRejected;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Raw bytes to frames; bytes that are not a frame of a known schema go to the dead letters. */
public final class DecodeFrames extends ProcessFunction<RawRecord, DecodedFrame> {

  private transient FrameDecoder decoder;

  @Override
  public void open(OpenContext openContext) {
    decoder = new FrameDecoder();
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<DecodedFrame> out) {
    try {
      out.collect(decoder.decode(record.value(), record.provenance()));
    } catch (FrameRejected rejected) {
      ctx.output(DeadLetters.TAG, DeadLetters.of(record.value(), record.provenance(), rejected, null,
          ctx.timerService().currentProcessingTime()));
    }
  }
}
