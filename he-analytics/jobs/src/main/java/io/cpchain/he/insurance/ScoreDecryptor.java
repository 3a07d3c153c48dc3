package io.cpchain.he.insurance;

import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.CkksEncoder;
import io.cpchain.he.seal.Decryptor;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.traffic.SecretKeySession;
import io.cpchain.schemas.ScoredPeriod;

/** The insurer's side: opens scored periods with its secret key. One per thread. */
public final class ScoreDecryptor implements AutoCloseable {

  private final String keyId;
  private final SecretKeySession session;
  private final SealContext context;
  private final CkksEncoder encoder;
  private final Decryptor decryptor;

  public ScoreDecryptor(HeSecretKey secretKey) {
    this.session = new SecretKeySession(secretKey);
    this.keyId = session.keyId();
    this.context = session.context();
    this.decryptor = session.decryptor();
    try {
      this.encoder = context.ckksEncoder();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  public String keyId() {
    return keyId;
  }

  /** Whether the period was scored under this insurer's key. */
  public boolean opens(ScoredPeriod period) {
    return period.getKeyId().equals(keyId);
  }

  /**
   * Every slot of the period's ciphertext: the scores first (driver j in slot j), then zeros.
   *
   * @throws IllegalArgumentException if it is under another insurer's key
   */
  public double[] slots(ScoredPeriod period) {
    if (!opens(period)) {
      throw new IllegalArgumentException("scores of period " + period.getPeriodStartMs() + " are under insurer key "
          + period.getKeyId() + ", this key is " + keyId);
    }
    byte[] saved = new byte[period.getCiphertext().remaining()];
    period.getCiphertext().duplicate().get(saved);
    try (Ciphertext cipher = context.loadCiphertext(saved); Plaintext plain = decryptor.decrypt(cipher)) {
      return encoder.decode(plain);
    }
  }

  /** The drivers' scores, in the order of {@link ScoredPeriod#getDrivers()}. */
  public double[] scores(ScoredPeriod period) {
    return java.util.Arrays.copyOf(slots(period), period.getDrivers().size());
  }

  @Override
  public void close() {
    session.close();
  }
}
