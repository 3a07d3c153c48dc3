package io.cpchain.anchor.function;

import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.anchor.config.AnchorJobConfig;
import io.cpchain.encrypt.interval.IntervalReadException;
import io.cpchain.encrypt.interval.ManifestVerifier;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.jobs.source.Decoded;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.RejectReason;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Only a manifest a trusted pipeline node signed goes on to be anchored (as its {@link ManifestRef}):
 * an anchor vouches for the data, so a manifest anyone could write to the topic must not get one. A
 * manifest that is unsigned, signed by another key or altered after signing is a BAD_SIGNATURE dead
 * letter; a record that did not decode, an UNDECODABLE one.
 */
public final class VerifyManifests extends ProcessFunction<Decoded<PublishedManifest>, ManifestRef> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("not anchored") {};

  private final AnchorJobConfig config; // its trusted signers, as text: an Address is not serializable
  private transient ManifestVerifier verifier;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public VerifyManifests(AnchorJobConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    verifier = new ManifestVerifier(config.trustedSignerSet());
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup())
        .deadLetters(RejectReason.UNDECODABLE, RejectReason.BAD_SIGNATURE);
  }

  @Override
  public void processElement(Decoded<PublishedManifest> value, Context ctx, Collector<ManifestRef> out) {
    if (!value.ok()) {
      refuse(value.deadLetter(), ctx);
      return;
    }
    PublishedManifest published = value.value();
    IntervalManifest manifest;
    try {
      manifest = verifier.verified(published.encoded());
    } catch (IntervalReadException e) {
      refuse(DeadLetter.newBuilder()
          .setOriginalBytes(ByteBuffer.wrap(published.encoded()))
          .setSourceTopic(published.topic())
          .setSourcePartition(published.partition())
          .setSourceOffset(published.offset())
          .setReason(RejectReason.BAD_SIGNATURE)
          .setDetail(e.getMessage())
          .setDeviceId(published.deviceId())
          .setRejectedAtMs(System.currentTimeMillis())
          .build(), ctx);
      return;
    }
    out.collect(new ManifestRef(ManifestRef.hashOf(published.encoded()), manifest.getDeviceId(),
        manifest.getIntervalStartMs(), manifest.getIntervalEndMs(), System.currentTimeMillis()));
  }

  private void refuse(DeadLetter letter, Context ctx) {
    ctx.output(DEAD_LETTERS, letter);
    deadLetters.count(letter.getReason());
  }
}
