package io.cpchain.he.function;

import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.contribution.ContributionVerifier;
import io.cpchain.he.contribution.TrustedSigners;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.RejectReason;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets through only contributions a trusted pipeline node signed; an unsigned one, one signed by
 * another key, or one altered after signing is a BAD_SIGNATURE dead letter.
 */
public final class VerifyContributions<T extends SpecificRecord> extends ProcessFunction<T, T> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("bad-signatures") {};

  private final ContributionKind<T> kind;
  private final String trustedSigners; // as the setting's text: an Address is not serializable
  private final String topic;
  private transient ContributionVerifier verifier;
  private transient AvroMessages<T> messages;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public VerifyContributions(ContributionKind<T> kind, String trustedSigners, String topic) {
    this.kind = kind;
    this.trustedSigners = trustedSigners;
    this.topic = topic;
  }

  @Override
  public void open(OpenContext openContext) {
    verifier = new ContributionVerifier(TrustedSigners.parse(trustedSigners));
    messages = AvroMessages.of(kind.type());
    deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup()).deadLetters(RejectReason.BAD_SIGNATURE);
  }

  @Override
  public void processElement(T contribution, Context ctx, Collector<T> out) {
    Optional<String> refusal = verifier.refusal(kind, contribution);
    if (refusal.isPresent()) {
      deadLetters.count(RejectReason.BAD_SIGNATURE);
      ctx.output(DEAD_LETTERS, ContributionDeadLetter.of(kind, messages, contribution, topic,
          RejectReason.BAD_SIGNATURE, refusal.get()));
      return;
    }
    out.collect(contribution);
  }
}
