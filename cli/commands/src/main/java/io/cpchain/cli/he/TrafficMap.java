package io.cpchain.cli.he;

import io.cpchain.cli.simulate.RoadNetwork;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.SegmentTraffic.Congestion;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** The road network as a PNG, each directed segment coloured by its congestion; grey where withheld or empty. */
final class TrafficMap {

  private static final int SIZE = 900;
  private static final int MARGIN = 70;
  private static final Color NO_DATA = new Color(200, 200, 200);
  private static final Map<Congestion, Color> COLOURS = new EnumMap<>(Map.of(
      Congestion.FREE, new Color(46, 160, 67), Congestion.LIGHT, new Color(240, 200, 40),
      Congestion.HEAVY, new Color(240, 120, 30), Congestion.JAMMED, new Color(200, 30, 30)));

  private TrafficMap() {}

  static void write(TrafficReport report, RoadNetwork roads, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(SIZE, SIZE + 60, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      Map<Integer, SegmentTraffic> shown = new HashMap<>();
      report.shown().forEach(s -> shown.put(s.segment(), s));

      double minLat = Double.MAX_VALUE;
      double maxLat = -Double.MAX_VALUE;
      double minLon = Double.MAX_VALUE;
      double maxLon = -Double.MAX_VALUE;
      for (RoadNetwork.Segment segment : roads.segments()) {
        for (double[] p : ends(roads, segment)) {
          minLat = Math.min(minLat, p[0]);
          maxLat = Math.max(maxLat, p[0]);
          minLon = Math.min(minLon, p[1]);
          maxLon = Math.max(maxLon, p[1]);
        }
      }
      double scaleX = (SIZE - 2.0 * MARGIN) / Math.max(maxLon - minLon, 1e-9);
      double scaleY = (SIZE - 2.0 * MARGIN) / Math.max(maxLat - minLat, 1e-9);
      for (RoadNetwork.Segment segment : roads.segments()) {
        double[][] ends = ends(roads, segment);
        double x1 = MARGIN + (ends[0][1] - minLon) * scaleX;
        double y1 = SIZE - MARGIN - (ends[0][0] - minLat) * scaleY;
        double x2 = MARGIN + (ends[1][1] - minLon) * scaleX;
        double y2 = SIZE - MARGIN - (ends[1][0] - minLat) * scaleY;
        // The two directions of a road side by side: shift each to its right-hand side.
        double length = Math.hypot(x2 - x1, y2 - y1);
        double dx = -(y2 - y1) / length * 4;
        double dy = (x2 - x1) / length * 4;
        SegmentTraffic traffic = shown.get(segment.id());
        g.setColor(traffic == null ? NO_DATA : COLOURS.get(traffic.congestion(segment.speedLimitKmh())));
        g.setStroke(new BasicStroke(segment.speedLimitKmh() >= 70 ? 6 : segment.speedLimitKmh() >= 50 ? 5 : 3.5f,
            BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine((int) (x1 + dx), (int) (y1 + dy), (int) (x2 + dx), (int) (y2 + dy));
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("Traffic " + Instant.ofEpochMilli(report.windowStartMs()) + " .. "
          + Instant.ofEpochMilli(report.windowEndMs()), MARGIN, 35);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      int x = MARGIN;
      for (Congestion level : Congestion.values()) {
        x = legend(g, x, COLOURS.get(level), level.name().toLowerCase());
      }
      legend(g, x, NO_DATA, "no data / withheld (k-anonymity)");
      g.drawString(report.contributions() + " encrypted contributions; decrypted by the analyst only", MARGIN,
          SIZE + 45);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static int legend(Graphics2D g, int x, Color colour, String label) {
    g.setColor(colour);
    g.fillRect(x, SIZE + 8, 22, 12);
    g.setColor(Color.BLACK);
    g.drawString(label, x + 28, SIZE + 19);
    return x + 40 + g.getFontMetrics().stringWidth(label);
  }

  private static double[][] ends(RoadNetwork roads, RoadNetwork.Segment segment) {
    return new double[][] {roads.position(segment, 0), roads.position(segment, segment.lengthM())};
  }
}
