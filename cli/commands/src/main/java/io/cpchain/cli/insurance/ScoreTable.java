package io.cpchain.cli.insurance;

import io.cpchain.he.insurance.InsuranceScores.Row;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The decrypted scores as an underwriter reads them: a table on the console, or CSV. */
public final class ScoreTable {

  private ScoreTable() {}

  /** At most {@code limit} rows, the highest and lowest scores if cut. */
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

  static void writeCsv(List<Row> rows, Path file) throws IOException {
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
