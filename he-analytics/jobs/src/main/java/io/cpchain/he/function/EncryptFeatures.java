package io.cpchain.he.function;

import io.cpchain.he.insurance.ConsentRegistry;
import io.cpchain.he.insurance.DeviceFeatures;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.Pseudonyms;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.contribution.ContributionSigner;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.InsuranceContribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * At the end of a vehicle's window, if its owner's consent covers the window's scoring period,
 * encrypts its features under the insurer's public key (CKKS) and signs them with the pipeline
 * node's key (the scoring adds only what a trusted node signed); otherwise nothing leaves. Each
 * subtask runs its own SEAL engine, started in {@link #open} and closed in {@link #close}.
 */
public final class EncryptFeatures extends ProcessWindowFunction<double[], InsuranceContribution, String, TimeWindow> {

  private final byte[] publicKeyFile;
  private final InsuranceModel model;
  private final ConsentRegistry consents;
  private final String insurer;
  private final long periodMs;
  private final String signingKeyFile;
  private final String signingKeyPasswordFile;
  private transient ContributionEncryptor encryptor;
  private transient ContributionSigner signer;
  private transient Counter recordsOut;

  public EncryptFeatures(byte[] publicKeyFile, InsuranceModel model, ConsentRegistry consents, String insurer,
      long periodMs, String signingKeyFile, String signingKeyPasswordFile) {
    this.publicKeyFile = publicKeyFile.clone();
    this.signingKeyFile = signingKeyFile;
    this.signingKeyPasswordFile = signingKeyPasswordFile;
    this.model = model;
    this.consents = consents;
    this.insurer = insurer;
    this.periodMs = periodMs;
  }

  @Override
  public void open(OpenContext openContext) throws IOException, GeneralSecurityException {
    signer = ContributionSigner.read(signingKeyFile, signingKeyPasswordFile);
    encryptor = new ContributionEncryptor(HePublicKey.parse(publicKeyFile, "the insurer's public key"));
    recordsOut = new JobMetrics(getRuntimeContext().getMetricGroup()).counter(JobMetrics.RECORDS_OUT);
  }

  @Override
  public void process(String device, Context context, Iterable<double[]> measured,
      Collector<InsuranceContribution> out) {
    long periodStart = TimeWindow.getWindowStartWithOffset(context.window().getStart(), 0, periodMs);
    if (!consents.covers(device, insurer, periodStart)) {
      return;
    }
    for (double[] packed : measured) {
      if (DeviceFeatures.isEmpty(packed)) {
        continue;
      }
      byte[] ciphertext = encryptor.encrypt(ScoringLayout.contribution(DeviceFeatures.features(packed)),
          ScoringLayout.SCALE);
      out.collect(signer.sign(ContributionKind.INSURANCE, InsuranceContribution.newBuilder()
          .setKeyId(encryptor.keyId())
          .setDriver(Pseudonyms.of(encryptor.keyId(), device))
          .setModelId(model.id())
          .setModelVersion(model.version())
          .setWindowStartMs(context.window().getStart())
          .setWindowEndMs(context.window().getEnd())
          .setCiphertext(ByteBuffer.wrap(ciphertext))
          .build()));
      recordsOut.inc();
    }
  }

  @Override
  public void close() {
    if (encryptor != null) {
      encryptor.close();
    }
  }
}
