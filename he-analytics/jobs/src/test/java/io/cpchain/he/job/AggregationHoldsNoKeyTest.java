package io.cpchain.he.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.config.TrafficJobConfig;
import io.cpchain.he.function.SumContributions;
import io.cpchain.he.traffic.CiphertextSum;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aggregation side is given no key and its classes name none: what they refer to, read from
 * their compiled constant pools, includes no key, key generator, decryptor or key handle.
 */
class AggregationHoldsNoKeyTest {

  private static final List<String> KEY_CLASSES = List.of("io/cpchain/he/seal/SecretKey",
      "io/cpchain/he/seal/PublicKey", "io/cpchain/he/seal/KeyGenerator", "io/cpchain/he/seal/Decryptor",
      "io/cpchain/he/seal/Encryptor", "io/cpchain/he/keys/HeSecretKey", "io/cpchain/he/keys/HePublicKey",
      "io/cpchain/he/keys/HeKeyPair", "io/cpchain/he/keys/HeEvaluationKeys",
      "io/cpchain/he/traffic/TrafficDecryptor", "io/cpchain/he/traffic/ContributionEncryptor");

  @Test
  void theAggregationJobsClassesReferToNoKey() throws IOException {
    for (Class<?> type : List.of(TrafficAggregationJob.class, SumContributions.class, CiphertextSum.class)) {
      String constants = classFile(type);
      for (String key : KEY_CLASSES) {
        assertFalse(constants.contains(key), type.getSimpleName() + " refers to " + key);
      }
    }
    // The check reads what it claims to: the contribution side does name the public key file.
    assertTrue(classFile(TrafficContributionJob.class).contains("io/cpchain/he/keys/HePublicKey"));
    assertFalse(TrafficJobConfig.OPTIONS.settings().stream().anyMatch(s -> s.name().contains("secret")));
  }

  static String classFile(Class<?> type) throws IOException {
    try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
