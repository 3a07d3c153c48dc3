package io.cpchain.cli.insurance;

import io.cpchain.cli.stack.TopicScan;
import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.ScoreDecryptor;
import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.InsuranceScore;
import io.cpchain.schemas.ScoredPeriod;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

    InsuranceScore toRecord(InsuranceModel m) {
      return InsuranceScore.newBuilder().setDriver(driver).setPeriodStartMs(periodStartMs)
          .setPeriodEndMs(periodEndMs).setModelId(m.id()).setModelVersion(m.version()).setScore(score).setBand(band)
          .build();
    }
  }

  private InsuranceScores() {}

  /**
   * Every score on {@code topic} under {@code secretKey}, by period then score, highest first.
   *
   * @throws IllegalStateException if scores exist but none under this key (a wrong key), or were made with another model
   */
  public static List<Row> read(String bootstrapServers, String topic, AnalyticsKeyFile secretKey,
      InsuranceModel model) {
    AvroMessages<ScoredPeriod> messages = AvroMessages.of(ScoredPeriod.class);
    List<ScoredPeriod> periods = new ArrayList<>();
    TopicScan.scan(bootstrapServers, topic, record -> {
      try {
        periods.add(messages.decode(record.value()));
      } catch (IOException e) {
        throw new UncheckedIOException("a record on " + topic + " does not decode", e);
      }
    });
    return decrypt(periods, secretKey, model, topic);
  }

  static List<Row> decrypt(List<ScoredPeriod> periods, AnalyticsKeyFile secretKey, InsuranceModel model,
      String topic) {
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

  /** The table an underwriter reads: at most {@code limit} rows, highest and lowest scores if cut. */
  public static void print(PrintStream out, List<Row> rows, int limit) {
    out.printf("%-18s %-20s %9s  %-6s %s%n", "driver", "period start (UTC)", "score", "band", "contributions");
    List<Row> shown = rows;
    if (rows.size() > limit) {
      List<Row> byScore = new ArrayList<>(rows);
      byScore.sort(Comparator.comparingDouble(Row::score).reversed());
      shown = new ArrayList<>(byScore.subList(0, (limit + 1) / 2));
      shown.addAll(byScore.subList(byScore.size() - limit / 2, byScore.size()));
    }
    for (int i = 0; i < shown.size(); i++) {
      if (shown != rows && i == (limit + 1) / 2) {
        out.printf("... %d more ...%n", rows.size() - limit);
      }
      Row r = shown.get(i);
      out.printf("%-18s %-20s %9.4f  %-6s %d%n", r.driver(), Instant.ofEpochMilli(r.periodStartMs()), r.score(),
          r.band(), r.contributions());
    }
  }

  public static void writeCsv(List<Row> rows, Path file) throws IOException {
    StringBuilder csv = new StringBuilder("driver,period_start,period_end,model,score,band,contributions\n");
    for (Row r : rows) {
      csv.append(r.driver()).append(',').append(Instant.ofEpochMilli(r.periodStartMs())).append(',')
          .append(Instant.ofEpochMilli(r.periodEndMs())).append(',').append(r.model()).append(',')
          .append(String.format(java.util.Locale.ROOT, "%.6f", r.score())).append(',').append(r.band()).append(',')
          .append(r.contributions()).append('\n');
    }
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }
}
