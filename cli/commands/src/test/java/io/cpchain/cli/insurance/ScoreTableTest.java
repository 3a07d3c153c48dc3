package io.cpchain.cli.insurance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsuranceScores.Row;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What consume prints and writes of decrypted scores: the table (cut to the highest and lowest), CSV, the PNG. */
class ScoreTableTest {

  private static final List<Row> ROWS = List.of(
      new Row("risky", 0, 86_400_000, "example-ubi v1", 0.91, "high", 2),
      new Row("average", 0, 86_400_000, "example-ubi v1", 0.52, "medium", 3),
      new Row("careful", 0, 86_400_000, "example-ubi v1", 0.08, "low", 1));

  @Test
  void theTableTheCsvAndThePng(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScoreTable.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), ROWS, 2);
    List<String> table = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, table.size(), "header, highest, the cut, lowest: " + table);
    assertTrue(table.get(1).startsWith("risky") && table.get(2).equals("... 1 more ...")
        && table.get(3).startsWith("careful"), table.toString());

    Path csv = dir.resolve("scores.csv");
    ScoreTable.writeCsv(ROWS, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals("driver,period_start,period_end,model,score,band,contributions", lines.get(0));
    assertEquals("risky,1970-01-01T00:00:00Z,1970-01-02T00:00:00Z,example-ubi v1,0.910000,high,2", lines.get(1));
    assertEquals(4, lines.size());

    Path png = dir.resolve("scores.png");
    ScoreChart.write(ROWS, InsuranceModel.read(Path.of("../../flink-conf/models/example-ubi.properties")), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(520, image.getHeight());
  }
}
