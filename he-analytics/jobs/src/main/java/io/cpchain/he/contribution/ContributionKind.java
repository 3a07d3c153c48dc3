package io.cpchain.he.contribution;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.crypto.sign.Keccak;
import io.cpchain.crypto.sign.RecoverableSignature;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.InsuranceContribution;
import io.cpchain.schemas.TrafficContribution;
import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the analytics jobs need to know of a kind of contribution: what its producing pipeline node
 * signs (a domain tag, the contribution's identity and the Keccak-256 of its ciphertext), and which
 * identity there may be only one contribution of.
 */
public abstract sealed class ContributionKind<T extends SpecificRecord> implements Serializable {

  /** One vehicle's counts of one region and window: one per (device, region, window). */
  public static final ContributionKind<TrafficContribution> TRAFFIC = new Traffic();
  /** One driver's features of one contribution window: one per (driver, window). */
  public static final ContributionKind<InsuranceContribution> INSURANCE = new Insurance();

  private ContributionKind() {}

  public abstract Class<T> type();

  /** The bytes a pipeline node signs for {@code contribution}. */
  public abstract byte[] signedMessage(T contribution);

  public abstract ByteBuffer signature(T contribution);

  public abstract T withSignature(T contribution, RecoverableSignature signature);

  /** What there may be only one contribution of, for a person reading the dead letters too. */
  public abstract String identity(T contribution);

  /** The vehicle, where the contribution names it (an insurance driver is a pseudonym: null). */
  public abstract String deviceId(T contribution);

  private static final class Traffic extends ContributionKind<TrafficContribution> {

    @Override
    public Class<TrafficContribution> type() {
      return TrafficContribution.class;
    }

    @Override
    public byte[] signedMessage(TrafficContribution c) {
      return new Encoder().string("cpchain-traffic-contribution-v1").string(c.getKeyId()).i32(c.getRegion())
          .string(c.getDeviceId() == null ? "" : c.getDeviceId()).i64(c.getWindowStartMs()).i64(c.getWindowEndMs())
          .raw(Keccak.keccak256(Bytes.of(c.getCiphertext()))).toBytes();
    }

    @Override
    public ByteBuffer signature(TrafficContribution c) {
      return c.getSignature();
    }

    @Override
    public TrafficContribution withSignature(TrafficContribution c, RecoverableSignature signature) {
      return TrafficContribution.newBuilder(c).setSignature(ByteBuffer.wrap(signature.toBytes())).build();
    }

    @Override
    public String identity(TrafficContribution c) {
      return "vehicle " + c.getDeviceId() + ", region " + c.getRegion() + ", window [" + c.getWindowStartMs() + ", "
          + c.getWindowEndMs() + ")";
    }

    @Override
    public String deviceId(TrafficContribution c) {
      return c.getDeviceId();
    }
  }

  private static final class Insurance extends ContributionKind<InsuranceContribution> {

    @Override
    public Class<InsuranceContribution> type() {
      return InsuranceContribution.class;
    }

    @Override
    public byte[] signedMessage(InsuranceContribution c) {
      return new Encoder().string("cpchain-insurance-contribution-v1").string(c.getKeyId()).string(c.getDriver())
          .string(c.getModelId()).i32(c.getModelVersion()).i64(c.getWindowStartMs()).i64(c.getWindowEndMs())
          .raw(Keccak.keccak256(Bytes.of(c.getCiphertext()))).toBytes();
    }

    @Override
    public ByteBuffer signature(InsuranceContribution c) {
      return c.getSignature();
    }

    @Override
    public InsuranceContribution withSignature(InsuranceContribution c, RecoverableSignature signature) {
      return InsuranceContribution.newBuilder(c).setSignature(ByteBuffer.wrap(signature.toBytes())).build();
    }

    @Override
    public String identity(InsuranceContribution c) {
      return "driver " + c.getDriver() + ", window [" + c.getWindowStartMs() + ", " + c.getWindowEndMs() + ")";
    }

    @Override
    public String deviceId(InsuranceContribution c) {
      return null;
    }
  }
}
