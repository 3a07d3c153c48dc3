package io.cpchain.cli.insurance;

import io.cpchain.he.insurance.InsuranceModel;
import io.cpchain.he.insurance.InsuranceScores;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** The score distribution as a PNG histogram, bars coloured by band: what an underwriter looks at. */
final class ScoreChart {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 520;
  private static final int MARGIN = 70;
  private static final int BINS = 20;
  private static final Map<String, Color> BANDS = Map.of("low", new Color(46, 160, 67),
      "medium", new Color(240, 170, 30), "high", new Color(200, 30, 30));

  private ScoreChart() {}

  static void write(List<InsuranceScores.Row> rows, InsuranceModel model, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double lo = Math.min(0, rows.stream().mapToDouble(InsuranceScores.Row::score).min().orElse(0));
    double hi = Math.max(1, rows.stream().mapToDouble(InsuranceScores.Row::score).max().orElse(1));
    int[] counts = new int[BINS];
    for (InsuranceScores.Row row : rows) {
      counts[Math.min(BINS - 1, (int) ((row.score() - lo) / (hi - lo) * BINS))]++;
    }
    int most = Math.max(1, java.util.Arrays.stream(counts).max().orElse(1));
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      int plotWidth = WIDTH - 2 * MARGIN;
      int plotHeight = HEIGHT - 2 * MARGIN;
      int barWidth = plotWidth / BINS;
      for (int b = 0; b < BINS; b++) {
        double centre = lo + (b + 0.5) * (hi - lo) / BINS;
        int height = counts[b] * plotHeight / most;
        g.setColor(BANDS.get(model.band(centre)));
        g.fillRect(MARGIN + b * barWidth + 1, HEIGHT - MARGIN - height, barWidth - 2, height);
      }
      g.setColor(Color.BLACK);
      g.drawLine(MARGIN, HEIGHT - MARGIN, WIDTH - MARGIN, HEIGHT - MARGIN);
      g.drawLine(MARGIN, MARGIN, MARGIN, HEIGHT - MARGIN);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("Risk scores, " + model.label() + ": " + rows.size() + " driver-periods", MARGIN, 40);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      for (int t = 0; t <= 4; t++) {
        double value = lo + t * (hi - lo) / 4;
        g.drawString(String.format(java.util.Locale.ROOT, "%.2f", value), MARGIN + t * plotWidth / 4 - 12,
            HEIGHT - MARGIN + 18);
      }
      g.drawString(most + " drivers", 8, MARGIN + 5);
      g.drawString("score (low < " + model.mediumFrom() + " <= medium < " + model.highFrom() + " <= high)",
          WIDTH / 2 - 150, HEIGHT - 20);
    } finally {
      g.dispose();
    }
    Path parent = png.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    ImageIO.write(image, "png", png.toFile());
  }
}
