package io.cpchain.he.function;

import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.traffic.CiphertextSum;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.RejectReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets through only contributions the scoring can add: under the insurer's key, measured for the
 * job's model, and a valid ciphertext for the scoring parameters (SEAL loads it). Anything else
 * goes to the dead letters with the reason; without it one bad record would fail every window it
 * falls in. The job holds no secret key: a ciphertext labelled with the right key id but made
 * under another key cannot be told apart here (the insurer's decryption would be noise).
 */
public final class CheckContribution extends ProcessFunction<InsuranceContribution, InsuranceContribution> {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final String keyId;
  private final InsuranceModel model;
  private final String topic;
  private transient CiphertextSum parameters;
  private transient AvroMessages<InsuranceContribution> messages;
  private transient Counter recordsIn;
  private transient JobMetrics.DeadLetterCounters deadLetters;

  public CheckContribution(String keyId, InsuranceModel model, String topic) {
    this.keyId = keyId;
    this.model = model;
    this.topic = topic;
  }

  @Override
  public void open(OpenContext openContext) {
    parameters = new CiphertextSum(ScoringLayout.PARAMETERS, false);
    messages = AvroMessages.of(InsuranceContribution.class);
    JobMetrics metrics = new JobMetrics(getRuntimeContext().getMetricGroup());
    recordsIn = metrics.counter(JobMetrics.RECORDS_IN);
    deadLetters = metrics.deadLetters(RejectReason.INCONSISTENT, RejectReason.UNDECODABLE);
  }

  @Override
  public void processElement(InsuranceContribution contribution, Context context,
      Collector<InsuranceContribution> out) {
    recordsIn.inc();
    if (!contribution.getKeyId().equals(keyId)) {
      reject(contribution, RejectReason.INCONSISTENT, "ciphertext under key " + contribution.getKeyId()
          + ", the insurer's key is " + keyId, context);
      return;
    }
    if (!contribution.getModelId().equals(model.id()) || contribution.getModelVersion() != model.version()) {
      reject(contribution, RejectReason.INCONSISTENT, "features measured for model " + contribution.getModelId()
          + " v" + contribution.getModelVersion() + ", the job scores " + model.label(), context);
      return;
    }
    try {
      parameters.check(Bytes.of(contribution.getCiphertext()));
    } catch (RuntimeException e) {
      reject(contribution, RejectReason.UNDECODABLE, "not a ciphertext for the scoring parameters "
          + ScoringLayout.PARAMETERS + ": " + e.getMessage(), context);
      return;
    }
    out.collect(contribution);
  }

  private void reject(InsuranceContribution contribution, RejectReason reason, String detail, Context context) {
    deadLetters.count(reason);
    context.output(DEAD_LETTERS, ContributionDeadLetter.of(ContributionKind.INSURANCE, messages, contribution, topic,
        reason, detail));
  }

  @Override
  public void close() {
    if (parameters != null) {
      parameters.close();
    }
  }
}
