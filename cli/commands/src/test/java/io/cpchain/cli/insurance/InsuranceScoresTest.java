package io.cpchain.cli.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsurerKeys;
import io.cpchain.he.insurance.PackedScorer;
import io.cpchain.he.insurance.ScoringLayout;
import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.he.traffic.ContributionEncryptor;
import io.cpchain.schemas.ScoredPeriod;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The insurer's side of consume: decrypted rows in order, CSV, the PNG, and one clear error for a wrong key. */
class InsuranceScoresTest {

  @Test
  void theInsurerReadsItsScoresAndAWrongKeyIsOneClearError(@TempDir Path dir) throws Exception {
    InsuranceModel model = InsuranceModel.read(Path.of("../../flink-conf/models/example-ubi.properties"));
    AnalyticsKeyFile[] keys = InsurerKeys.generate();
    double[][] features = {{10, 0.5, 0, 0, 0, 0}, {200, 4, 2, 1, 9, 6}, {80, 1.5, 0.2, 0.1, 2, 1}};
    List<byte[]> contributions = new ArrayList<>();
    try (ContributionEncryptor owner = new ContributionEncryptor(keys[1])) {
      for (double[] f : features) {
        contributions.add(owner.encrypt(ScoringLayout.contribution(f), ScoringLayout.SCALE));
      }
    }
    byte[] scores;
    try (PackedScorer scorer = new PackedScorer(keys[2], model)) {
      scores = scorer.score(contributions);
    }
    ScoredPeriod period = ScoredPeriod.newBuilder().setKeyId(keys[0].keyId()).setModelId(model.id())
        .setModelVersion(model.version()).setPeriodStartMs(0).setPeriodEndMs(86_400_000)
        .setDrivers(List.of("careful", "risky", "average")).setContributions(List.of(1, 2, 3))
        .setCiphertext(ByteBuffer.wrap(scores)).build();

    List<InsuranceScores.Row> rows = InsuranceScores.decrypt(List.of(period), keys[0], model, "t");
    assertEquals(List.of("risky", "average", "careful"), rows.stream().map(InsuranceScores.Row::driver).toList(),
        "highest score first");
    for (InsuranceScores.Row row : rows) {
      int i = List.of("careful", "risky", "average").indexOf(row.driver());
      assertEquals(model.score(features[i]), row.score(), 1e-3);
      assertEquals(model.band(row.score()), row.band());
    }
    Path csv = dir.resolve("scores.csv");
    InsuranceScores.writeCsv(rows, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("driver,period_start,period_end,model,score,band,contributions", lines.get(0));
    assertTrue(lines.get(1).startsWith("risky,1970-01-01T00:00:00Z,1970-01-02T00:00:00Z,example-ubi v1,"), lines.get(1));
    assertEquals(4, lines.size());

    Path png = dir.resolve("scores.png");
    ScoreChart.write(rows, model, png);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(520, image.getHeight());

    AnalyticsKeyFile[] other = InsurerKeys.generate();
    IllegalStateException wrong = assertThrows(IllegalStateException.class,
        () -> InsuranceScores.decrypt(List.of(period), other[0], model, "t"));
    assertEquals("no scores on t are under insurer key " + other[0].keyId() + " (wrong --key?); the 1 scored periods"
        + " there are under [" + keys[0].keyId() + "]", wrong.getMessage());
    assertEquals(1, wrong.getMessage().lines().count());
  }
}
