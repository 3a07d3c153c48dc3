package io.cpchain.he.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.config.InsuranceJobConfig;
import io.cpchain.he.function.CheckContribution;
import io.cpchain.he.function.ScorePeriod;
import io.cpchain.he.function.SumDriverPeriod;
import io.cpchain.he.insurance.PackedScorer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scoring side computes with evaluation keys and nothing else: its classes, read from their
 * compiled constant pools, name no secret or public key, no key generator, encryptor or decryptor.
 */
class ScoringHoldsNoSecretKeyTest {

  private static final List<String> KEY_CLASSES = List.of("io/cpchain/he/seal/SecretKey",
      "io/cpchain/he/seal/PublicKey", "io/cpchain/he/seal/KeyGenerator", "io/cpchain/he/seal/Decryptor",
      "io/cpchain/he/seal/Encryptor", "io/cpchain/he/insurance/ScoreDecryptor", "io/cpchain/he/keys/HeSecretKey",
      "io/cpchain/he/keys/HePublicKey", "io/cpchain/he/keys/HeKeyPair", "io/cpchain/he/insurance/InsurerKeys",
      "io/cpchain/he/traffic/ContributionEncryptor");

  @Test
  void theScoringJobsClassesReferToNoSecretOrPublicKey() throws IOException {
    for (Class<?> type : List.of(InsuranceScoringJob.class, CheckContribution.class, SumDriverPeriod.class,
        ScorePeriod.class, PackedScorer.class)) {
      String constants = classFile(type);
      for (String key : KEY_CLASSES) {
        assertFalse(constants.contains(key), type.getSimpleName() + " refers to " + key);
      }
    }
    // The check reads what it claims to: the scorer does name the evaluation keys it uses.
    assertTrue(classFile(PackedScorer.class).contains("io/cpchain/he/seal/RelinKeys"));
    assertFalse(InsuranceJobConfig.OPTIONS.settings().stream().anyMatch(s -> s.name().contains("secret")));
  }

  private static String classFile(Class<?> type) throws IOException {
    return AggregationHoldsNoKeyTest.classFile(type);
  }
}
