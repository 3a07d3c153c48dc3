package io.cpchain.he.function;

import io.cpchain.he.contribution.ContributionKind;
import io.cpchain.he.contribution.ContributionSigner;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.he.traffic.DeviceWindowCounts;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.TrafficContribution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * At the end of a vehicle's window, encrypts its counts under the analytics public key: one
 * ciphertext per region it drove in, signed with the pipeline node's key (the aggregation sums only
 * what a trusted node signed). Only these leave the owner side. Each subtask runs its own
 * SEAL engine, started in {@link #open} and closed in {@link #close}.
 */
public final class EncryptContribution extends ProcessWindowFunction<long[], TrafficContribution, String, TimeWindow> {

  private final byte[] publicKeyFile;
  private final String signingKeyFile;
  private final String signingKeyPasswordFile;
  private transient ContributionEncryptor encryptor;
  private transient ContributionSigner signer;
  private transient Counter recordsOut;

  /**
   * @param publicKeyFile the analytics public key file's bytes ({@link HePublicKey#toBytes()})
   * @param signingKeyFile the pipeline node's key file, read on the task manager, with its password file
   */
  public EncryptContribution(byte[] publicKeyFile, String signingKeyFile, String signingKeyPasswordFile) {
    this.publicKeyFile = publicKeyFile.clone();
    this.signingKeyFile = signingKeyFile;
    this.signingKeyPasswordFile = signingKeyPasswordFile;
  }

  @Override
  public void open(OpenContext openContext) throws IOException, GeneralSecurityException {
    signer = ContributionSigner.read(signingKeyFile, signingKeyPasswordFile);
    encryptor = new ContributionEncryptor(HePublicKey.parse(publicKeyFile, "the job's public key"));
    recordsOut = new JobMetrics(getRuntimeContext().getMetricGroup()).counter(JobMetrics.RECORDS_OUT);
  }

  @Override
  public void process(String device, Context context, Iterable<long[]> counts, Collector<TrafficContribution> out) {
    for (long[] packed : counts) {
      for (Map.Entry<Integer, long[]> region : DeviceWindowCounts.regionVectors(packed).entrySet()) {
        out.collect(signer.sign(ContributionKind.TRAFFIC, TrafficContribution.newBuilder()
            .setKeyId(encryptor.keyId())
            .setRegion(region.getKey())
            .setDeviceId(device)
            .setWindowStartMs(context.window().getStart())
            .setWindowEndMs(context.window().getEnd())
            .setCiphertext(ByteBuffer.wrap(encryptor.encrypt(region.getValue())))
            .build()));
        recordsOut.inc();
      }
    }
  }

  @Override
  public void close() {
    if (encryptor != null) {
      encryptor.close();
    }
  }
}
