package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.ScoredPeriod;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The insurer's side of consume: decrypted rows in order, and one clear error for a wrong key. */
class InsuranceScoresTest {

  @Test
  void theInsurerReadsItsScoresAndAWrongKeyIsOneClearError() throws Exception {
    InsuranceModel model = InsuranceModel.read(EncryptedScoringTest.EXAMPLE_MODEL);
    InsurerKeys keys = InsurerKeys.generate();
    double[][] features = {{10, 0.5, 0, 0, 0, 0}, {200, 4, 2, 1, 9, 6}, {80, 1.5, 0.2, 0.1, 2, 1}};
    List<byte[]> contributions = new ArrayList<>();
    try (ContributionEncryptor owner = new ContributionEncryptor(keys.publicKey())) {
      for (double[] f : features) {
        contributions.add(owner.encrypt(ScoringLayout.contribution(f), ScoringLayout.SCALE));
      }
    }
    byte[] scores;
    try (PackedScorer scorer = new PackedScorer(keys.evaluationKeys(), model)) {
      scores = scorer.score(contributions);
    }
    ScoredPeriod period = ScoredPeriod.newBuilder().setKeyId(keys.keyId()).setModelId(model.id())
        .setModelVersion(model.version()).setPeriodStartMs(0).setPeriodEndMs(86_400_000)
        .setDrivers(List.of("careful", "risky", "average")).setContributions(List.of(1, 2, 3))
        .setCiphertext(ByteBuffer.wrap(scores)).build();
    List<byte[]> topic = List.of(AvroMessages.of(ScoredPeriod.class).encode(period));

    List<InsuranceScores.Row> rows = InsuranceScores.decrypt(topic, keys.secretKey(), model, "t");
    assertEquals(List.of("risky", "average", "careful"), rows.stream().map(InsuranceScores.Row::driver).toList(),
        "highest score first");
    for (InsuranceScores.Row row : rows) {
      int i = List.of("careful", "risky", "average").indexOf(row.driver());
      assertEquals(model.score(features[i]), row.score(), 1e-3);
      assertEquals(model.band(row.score()), row.band());
      assertEquals(i + 1, row.contributions());
      assertEquals(model.label(), row.model());
    }
    assertEquals("risky", rows.get(0).toRecord(model).getDriver());

    InsurerKeys other = InsurerKeys.generate();
    IllegalStateException wrong = assertThrows(IllegalStateException.class,
        () -> InsuranceScores.decrypt(topic, other.secretKey(), model, "t"));
    assertEquals("no scores on t are under insurer key " + other.keyId() + " (wrong --key?); the 1 scored periods"
        + " there are under [" + keys.keyId() + "]", wrong.getMessage());
    assertEquals(1, wrong.getMessage().lines().count());
  }
}
