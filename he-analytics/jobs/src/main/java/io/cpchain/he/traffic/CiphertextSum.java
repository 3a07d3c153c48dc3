package io.cpchain.he.traffic;

import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.EncryptionParameters;
import io.cpchain.he.seal.Evaluator;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;

/**
 * The aggregator's side: adds ciphertexts. It holds the encryption parameters and nothing else:
 * no key of any kind, so it can neither decrypt nor make new contributions. One per thread.
 */
public final class CiphertextSum implements AutoCloseable {

  private final SealEngine engine;
  private final SealContext context;
  private final Evaluator evaluator;
  private final boolean compressOutput;

  /** Under the traffic parameters; sums saved compressed (they go to Kafka). */
  public CiphertextSum() {
    this(TrafficLayout.PARAMETERS, true);
  }

  /** @param compressOutput whether {@link #sum} saves compressed ({@link Ciphertext#saveUncompressed()}) */
  public CiphertextSum(EncryptionParameters parameters, boolean compressOutput) {
    this.compressOutput = compressOutput;
    this.engine = SealEngine.start();
    try {
      this.context = engine.context(parameters);
      this.evaluator = context.evaluator();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /** The homomorphic sum of SEAL-serialized ciphertexts (at least one), serialized. */
  public byte[] sum(Iterable<byte[]> ciphertexts) {
    Ciphertext total = null;
    try {
      for (byte[] saved : ciphertexts) {
        if (total == null) {
          total = context.loadCiphertext(saved);
        } else {
          try (Ciphertext next = context.loadCiphertext(saved)) {
            evaluator.addInPlace(total, next);
          }
        }
      }
      if (total == null) {
        throw new IllegalArgumentException("nothing to sum");
      }
      return compressOutput ? total.save() : total.saveUncompressed();
    } finally {
      if (total != null) {
        total.close();
      }
    }
  }

  /**
   * Loads and drops a ciphertext: SEAL checks that it is valid for these parameters.
   *
   * @throws io.cpchain.he.seal.SealException with SEAL's reason if it is not
   */
  public void check(byte[] saved) {
    context.loadCiphertext(saved).close();
  }

  @Override
  public void close() {
    engine.close();
  }
}
