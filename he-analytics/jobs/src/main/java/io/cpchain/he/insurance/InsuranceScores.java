package io.cpchain.he.insurance;

import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.InsuranceScore;
import io.cpchain.schemas.ScoredPeriod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The insurer's reading of insurance.scores.encrypted: every score under its key, decrypted. */
public final class InsuranceScores {

  public static final String ENCRYPTED_TOPIC = "insurance.scores.encrypted";
  public static final String PLAIN_TOPIC = "insurance.scores";

  /** One driver's score for one period. */
  public record Row(String driver, long periodStartMs, long periodEndMs, String model, double score, String band,
      int contributions) {

    /** As the insurer's plain topic holds it. */
    public InsuranceScore toRecord(InsuranceModel m) {
      return InsuranceScore.newBuilder().setDriver(driver).setPeriodStartMs(periodStartMs)
          .setPeriodEndMs(periodEndMs).setModelId(m.id()).setModelVersion(m.version()).setScore(score).setBand(band)
          .build();
    }
  }

  private InsuranceScores() {}

  /**
   * Every score in {@code values} (the Avro {@link ScoredPeriod}s on {@code topic}) under
   * {@code secretKey}, by period then score, highest first.
   *
   * @throws IllegalStateException if scores exist but none under this key (a wrong key), or were made with another model
   */
  public static List<Row> decrypt(List<byte[]> values, HeSecretKey secretKey, InsuranceModel model, String topic) {
    AvroMessages<ScoredPeriod> messages = AvroMessages.of(ScoredPeriod.class);
    List<ScoredPeriod> periods = new ArrayList<>();
    for (byte[] value : values) {
      try {
        periods.add(messages.decode(value));
      } catch (IOException e) {
        throw new UncheckedIOException("a record on " + topic + " does not decode", e);
      }
    }
    List<Row> rows = new ArrayList<>();
    Set<String> otherKeys = new TreeSet<>();
    try (ScoreDecryptor decryptor = new ScoreDecryptor(secretKey)) {
      for (ScoredPeriod period : periods) {
        if (!decryptor.opens(period)) {
          otherKeys.add(period.getKeyId());
          continue;
        }
        if (!period.getModelId().equals(model.id()) || period.getModelVersion() != model.version()) {
          throw new IllegalStateException("scores on " + topic + " are of model " + period.getModelId() + " v"
              + period.getModelVersion() + ", --model is " + model.label());
        }
        double[] scores = decryptor.scores(period);
        for (int j = 0; j < scores.length; j++) {
          rows.add(new Row(period.getDrivers().get(j), period.getPeriodStartMs(), period.getPeriodEndMs(),
              model.label(), scores[j], model.band(scores[j]), period.getContributions().get(j)));
        }
      }
    }
    if (rows.isEmpty() && !otherKeys.isEmpty()) {
      throw new IllegalStateException("no scores on " + topic + " are under insurer key " + secretKey.keyId()
          + " (wrong --key?); the " + (periods.size()) + " scored periods there are under " + otherKeys);
    }
    rows.sort(Comparator.comparingLong(Row::periodStartMs).thenComparing(Comparator.comparingDouble(Row::score)
        .reversed()));
    return rows;
  }
}
