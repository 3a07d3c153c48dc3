package io.cpchain.he.insurance;

import io.cpchain.he.keys.HeEvaluationKeys;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.CkksEncoder;
import io.cpchain.he.seal.Evaluator;
import io.cpchain.he.seal.GaloisKeys;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.RelinKeys;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecurityLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * The scoring job's side: evaluates a model on up to {@link ScoringLayout#DRIVERS_PER_CIPHERTEXT}
 * drivers' encrypted feature totals at once, into one ciphertext holding driver j's score in slot
 * j and zero in every other slot. It holds the parameters and the evaluation keys: no secret key,
 * no public key, so it can neither read nor forge. One per thread.
 *
 * <p>Levels (one 40-bit prime each): weights·features; z² and c·z; z³ and c₂·z². Every rescale's
 * result is declared back at {@link ScoringLayout#SCALE}: the primes lie within 2^-20 of 2^40, a
 * relative error far below the 1e-3 a score must meet.
 */
public final class PackedScorer implements AutoCloseable {

  private final InsuranceModel model;
  private final String keyId;
  private final SealEngine engine;
  private final SealContext context;
  private final CkksEncoder encoder;
  private final Evaluator evaluator;
  private final RelinKeys relinKeys;
  private final GaloisKeys galoisKeys;
  /** Plaintext j picks the driver at position j, weighted; made as positions are first used. */
  private final List<Plaintext> weightsAt = new ArrayList<>();

  public PackedScorer(HeEvaluationKeys evaluationKeys, InsuranceModel model) {
    this.model = model;
    this.keyId = evaluationKeys.keyId();
    this.engine = SealEngine.start();
    try {
      this.context = engine.context(evaluationKeys.parameters(), SecurityLevel.tc128);
      this.relinKeys = context.loadRelinKeys(evaluationKeys.relinKeys());
      this.galoisKeys = context.loadGaloisKeys(evaluationKeys.galoisKeys());
      this.encoder = context.ckksEncoder();
      this.evaluator = context.evaluator();
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public String keyId() {
    return keyId;
  }

  public InsuranceModel model() {
    return model;
  }

  /**
   * Scores drivers' encrypted feature totals (SEAL-serialized, fresh level), driver j at slot j.
   *
   * @throws IllegalArgumentException for none or more than {@link ScoringLayout#DRIVERS_PER_CIPHERTEXT}
   */
  public byte[] score(List<byte[]> driverFeatures) {
    int drivers = driverFeatures.size();
    if (drivers == 0 || drivers > ScoringLayout.DRIVERS_PER_CIPHERTEXT) {
      throw new IllegalArgumentException("1 to " + ScoringLayout.DRIVERS_PER_CIPHERTEXT + " drivers per ciphertext, got "
          + drivers);
    }
    List<AutoCloseable> scratch = new ArrayList<>();
    try {
      Ciphertext z = linear(driverFeatures, scratch);
      Ciphertext score = polynomial(z, drivers, scratch);
      return score.save();
    } finally {
      for (AutoCloseable object : scratch) {
        try {
          object.close();
        } catch (Exception e) {
          throw new IllegalStateException("closing a SEAL object", e);
        }
      }
    }
  }

  /** z = intercept + Σ weight·feature in slot j for driver j (every lane holds the same z). */
  private Ciphertext linear(List<byte[]> driverFeatures, List<AutoCloseable> scratch) {
    // Products at scale², all at the fresh level: added there, rescaled once.
    Ciphertext packed = null;
    for (int j = 0; j < driverFeatures.size(); j++) {
      try (Ciphertext features = context.loadCiphertext(driverFeatures.get(j))) {
        Ciphertext weighted = evaluator.multiplyPlain(features, weightsAt(j));
        if (packed == null) {
          packed = keep(weighted, scratch);
        } else {
          evaluator.addInPlace(packed, weighted);
          weighted.close();
        }
      }
    }
    Ciphertext sum = rescale(packed, scratch);
    for (int step : ScoringLayout.GALOIS_STEPS) {
      Ciphertext rotated = keep(evaluator.rotateVector(sum, step, galoisKeys), scratch);
      evaluator.addInPlace(sum, rotated);
    }
    Plaintext intercept = keep(encoder.encode(filled(model.intercept()), ScoringLayout.SCALE), scratch);
    return keep(evaluator.addPlain(sum, keep(evaluator.modSwitchTo(intercept, sum), scratch)), scratch);
  }

  /**
   * Σ c_k z^k with every coefficient masked to the first {@code drivers} slots. A zero coefficient's
   * term is left out (SEAL refuses a product with an all-zero plaintext: it would be transparent).
   * Terms come out in order of falling level, so the last one's is the result's.
   */
  private Ciphertext polynomial(Ciphertext z, int drivers, List<AutoCloseable> scratch) {
    double[] c = model.polynomial();
    List<Ciphertext> terms = new ArrayList<>();
    if (nonZero(c, 1)) {
      terms.add(times(z, coefficient(c[1], drivers, z, scratch), scratch));
    }
    if (nonZero(c, 2) || nonZero(c, 3)) {
      Ciphertext zSquared = rescale(relinearize(evaluator.multiply(z, z), scratch), scratch);
      if (nonZero(c, 2)) {
        terms.add(times(zSquared, coefficient(c[2], drivers, zSquared, scratch), scratch));
      }
      if (nonZero(c, 3)) {
        Ciphertext c3z = times(z, coefficient(c[3], drivers, z, scratch), scratch);
        terms.add(rescale(relinearize(evaluator.multiply(zSquared, c3z), scratch), scratch));
      }
    }
    Ciphertext lowest = terms.get(terms.size() - 1);
    Ciphertext total = atLevelOf(terms.get(0), lowest, scratch);
    for (Ciphertext term : terms.subList(1, terms.size())) {
      evaluator.addInPlace(total, atLevelOf(term, lowest, scratch));
    }
    if (c[0] == 0) {
      return total;
    }
    return keep(evaluator.addPlain(total, coefficient(c[0], drivers, lowest, scratch)), scratch);
  }

  private static boolean nonZero(double[] c, int k) {
    return k < c.length && c[k] != 0;
  }

  /** {@code value} in the first {@code drivers} slots, at {@code like}'s level. */
  private Plaintext coefficient(double value, int drivers, Ciphertext like, List<AutoCloseable> scratch) {
    Plaintext fresh = keep(encoder.encode(ScoringLayout.masked(drivers, value), ScoringLayout.SCALE), scratch);
    return keep(evaluator.modSwitchTo(fresh, like), scratch);
  }

  private Ciphertext times(Ciphertext a, Plaintext b, List<AutoCloseable> scratch) {
    return rescale(keep(evaluator.multiplyPlain(a, b), scratch), scratch);
  }

  private Ciphertext relinearize(Ciphertext product, List<AutoCloseable> scratch) {
    keep(product, scratch);
    return keep(evaluator.relinearize(product, relinKeys), scratch);
  }

  private Ciphertext rescale(Ciphertext a, List<AutoCloseable> scratch) {
    Ciphertext rescaled = keep(evaluator.rescaleToNext(a), scratch);
    rescaled.setScale(ScoringLayout.SCALE);
    return rescaled;
  }

  private Ciphertext atLevelOf(Ciphertext a, Ciphertext like, List<AutoCloseable> scratch) {
    return a == like ? a : keep(evaluator.modSwitchTo(a, like), scratch);
  }

  private Plaintext weightsAt(int position) {
    while (weightsAt.size() <= position) {
      weightsAt.add(encoder.encode(ScoringLayout.weightsAt(model.weights(), weightsAt.size()), ScoringLayout.SCALE));
    }
    return weightsAt.get(position);
  }

  private static double[] filled(double value) {
    double[] slots = new double[ScoringLayout.PARAMETERS.slotCount()];
    java.util.Arrays.fill(slots, value);
    return slots;
  }

  private static <T extends AutoCloseable> T keep(T object, List<AutoCloseable> scratch) {
    scratch.add(object);
    return object;
  }

  /** Frees the engine and everything it holds. */
  @Override
  public void close() {
    engine.close();
  }
}
