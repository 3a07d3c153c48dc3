package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.traffic.CiphertextSum;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.schemas.ScoredPeriod;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Owner encrypts, scorer (evaluation keys only) sums and scores packed drivers, insurer decrypts:
 * every score within 1e-3 of the plaintext model on the same features, and every other slot zero.
 */
class EncryptedScoringTest {

  static final Path EXAMPLE_MODEL = Path.of("../../flink-conf/models/example-ubi.properties");

  private static InsurerKeys keys;
  private static InsuranceModel model;
  private static ContributionEncryptor owner;
  private static CiphertextSum sum;
  private static PackedScorer scorer;
  private static ScoreDecryptor insurer;

  @BeforeAll
  static void keys() throws Exception {
    keys = InsurerKeys.generate();
    model = InsuranceModel.read(EXAMPLE_MODEL);
    owner = new ContributionEncryptor(keys.publicKey());
    sum = new CiphertextSum(ScoringLayout.PARAMETERS, false);
    scorer = new PackedScorer(keys.evaluationKeys(), model);
    insurer = new ScoreDecryptor(keys.secretKey());
  }

  @AfterAll
  static void close() {
    owner.close();
    sum.close();
    scorer.close();
    insurer.close();
  }

  /** A day's plausible totals, split into {@code parts} contributions by the caller. */
  static double[] dayFeatures(Random random) {
    return new double[] {random.nextDouble() * 150, random.nextDouble() * 3, random.nextDouble(),
        random.nextDouble() * 0.5, random.nextInt(8), random.nextInt(8)};
  }

  @Test
  void packedScoresMatchThePlaintextModelAndEverythingElseIsZero() {
    Random random = new Random(10);
    int drivers = 37;
    List<byte[]> sums = new ArrayList<>();
    double[] expected = new double[drivers];
    for (int j = 0; j < drivers; j++) {
      double[] total = new double[Feature.values().length];
      List<byte[]> contributions = new ArrayList<>();
      for (int part = 0; part < 3; part++) {
        double[] features = dayFeatures(random);
        for (int f = 0; f < total.length; f++) {
          features[f] /= 3;
          total[f] += features[f];
        }
        contributions.add(owner.encrypt(ScoringLayout.contribution(features), ScoringLayout.SCALE));
      }
      sums.add(sum.sum(contributions));
      expected[j] = model.score(total);
    }
    double[] slots = insurer.slots(period(scorer.score(sums), drivers));
    double worst = 0;
    for (int j = 0; j < drivers; j++) {
      worst = Math.max(worst, Math.abs(slots[j] - expected[j]));
    }
    assertTrue(worst < 1e-3, "max error " + worst);
    double leak = 0;
    for (int s = drivers; s < slots.length; s++) {
      leak = Math.max(leak, Math.abs(slots[s]));
    }
    assertTrue(leak < 1e-3, "a slot past the scores holds " + leak);
    // The scores are not all alike: the check above could not pass with a constant.
    assertTrue(java.util.Arrays.stream(expected).max().getAsDouble()
        - java.util.Arrays.stream(expected).min().getAsDouble() > 0.1);
  }

  @Test
  void aFullCiphertextOf512DriversScoresEachInItsSlot() {
    Random random = new Random(11);
    int drivers = ScoringLayout.DRIVERS_PER_CIPHERTEXT;
    List<byte[]> encrypted = new ArrayList<>();
    double[] expected = new double[drivers];
    byte[][] distinct = new byte[8][];
    double[][] features = new double[8][];
    for (int i = 0; i < distinct.length; i++) {
      features[i] = dayFeatures(random);
      distinct[i] = owner.encrypt(ScoringLayout.contribution(features[i]), ScoringLayout.SCALE);
    }
    for (int j = 0; j < drivers; j++) {
      encrypted.add(distinct[(j * 5) % 8]);
      expected[j] = model.score(features[(j * 5) % 8]);
    }
    double[] scores = insurer.scores(period(scorer.score(encrypted), drivers));
    for (int j = 0; j < drivers; j++) {
      assertEquals(expected[j], scores[j], 1e-3, "driver " + j);
    }
    assertThrows(IllegalArgumentException.class, () -> scorer.score(
        java.util.Collections.nCopies(drivers + 1, distinct[0])));
  }

  @Test
  void anotherInsurersKeyIsRefusedWithOneClearError() {
    InsurerKeys other = InsurerKeys.generate();
    try (ScoreDecryptor wrong = new ScoreDecryptor(other.secretKey())) {
      ScoredPeriod period = period(scorer.score(List.of(owner.encrypt(
          ScoringLayout.contribution(new double[6]), ScoringLayout.SCALE))), 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrong.scores(period));
      assertTrue(e.getMessage().contains("under insurer key " + keys.secretKey().keyId()), e.getMessage());
    }
  }

  private static ScoredPeriod period(byte[] ciphertext, int drivers) {
    List<String> names = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (int j = 0; j < drivers; j++) {
      names.add("d" + j);
      counts.add(1);
    }
    return ScoredPeriod.newBuilder().setKeyId(scorer.keyId()).setModelId(model.id()).setModelVersion(model.version())
        .setPeriodStartMs(0).setPeriodEndMs(86_400_000).setDrivers(names).setContributions(counts)
        .setCiphertext(ByteBuffer.wrap(ciphertext)).build();
  }
}
