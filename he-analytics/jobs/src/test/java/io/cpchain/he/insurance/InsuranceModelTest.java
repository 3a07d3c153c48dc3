package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class InsuranceModelTest {

  @Test
  void theExampleModelReadsAndEvaluatesItsCubic() throws Exception {
    InsuranceModel model = InsuranceModel.read(EncryptedScoringTest.EXAMPLE_MODEL);
    assertEquals("example-ubi v1", model.label());
    double[] features = {100, 2, 0.5, 0.25, 3, 1};
    double z = -2.0 + 0.01 * 100 + 0.2 * 2 + 0.8 * 0.5 + 1.5 * 0.25 + 0.15 * 3 + 0.1 * 1;
    assertEquals(z, model.linear(features), 1e-12);
    assertEquals(0.5 + 0.180556 * z - 0.00308879 * z * z * z, model.score(features), 1e-12);
    // Close to the logistic function it stands for, on its range.
    assertEquals(1 / (1 + Math.exp(-z)), model.score(features), 0.082);
    assertEquals("low", model.band(0.2));
    assertEquals("medium", model.band(0.35));
    assertEquals("high", model.band(0.6));
    assertTrue(model.isNight(23) && model.isNight(0) && model.isNight(4));
    assertFalse(model.isNight(5) || model.isNight(21) || model.isNight(12));
  }

  @Test
  void aBadModelFileNamesTheFileAndTheKey() throws Exception {
    String text = Files.readString(EncryptedScoringTest.EXAMPLE_MODEL);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> InsuranceModel.parse(text.replace("weight.night_h=0.8", ""), "m.properties"));
    assertEquals("m.properties: weight.night_h is missing", missing.getMessage());
    IllegalArgumentException degree = assertThrows(IllegalArgumentException.class,
        () -> InsuranceModel.parse(text.replace("polynomial=0.5,0.180556,0,-0.00308879", "polynomial=1,2,3,4,5"),
            "m.properties"));
    assertTrue(degree.getMessage().contains("degree <= 3"), degree.getMessage());
    IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
        () -> InsuranceModel.parse(text.replace("intercept=-2.0", "intercept=high"), "m.properties"));
    assertEquals("m.properties: intercept is not a number: high", word.getMessage());
  }
}
