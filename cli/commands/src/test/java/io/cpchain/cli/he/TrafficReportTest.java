package io.cpchain.cli.he;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.cli.simulate.RoadNetwork;
import io.cpchain.cli.simulate.Simulator;
import io.cpchain.he.traffic.SegmentTraffic;
import io.cpchain.he.traffic.TrafficWindow;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficReportTest {

  private static final List<TrafficWindow> REGIONS = List.of(
      new TrafficWindow(0, 10_000, 20_000, 7, List.of(
          new SegmentTraffic(3, 5, 40, 40 * 300, 40L * 300 * 300, 2),
          new SegmentTraffic(4, 2, 10, 10 * 500, 10L * 500 * 500, 0),
          new SegmentTraffic(9, 8, 60, 60 * 100, 60L * 100 * 100, 6))),
      new TrafficWindow(1, 10_000, 20_000, 2, List.of(new SegmentTraffic(1030, 3, 9, 9 * 200, 9L * 200 * 200, 0))));

  @Test
  void mergesRegionsAndWithholdsSegmentsWithFewerThanKVehicles() {
    TrafficReport report = TrafficReport.of(REGIONS, 3);
    assertEquals(9, report.contributions());
    assertEquals(List.of(9, 3, 1030), report.shown().stream().map(SegmentTraffic::segment).toList(), "busiest first");
    assertEquals(1, report.withheld());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), new RoadNetwork(Simulator.CITY_SIZE),
        Set.of(3, 4), 10, 3);
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("9 encrypted contributions, 3 segments shown, 1 withheld (< 3 vehicles)"), table);
    assertEquals(1, table.lines().filter(l -> l.trim().startsWith("3 ")).count(), table);
    assertTrue(table.lines().noneMatch(l -> l.trim().startsWith("4 ")), "segment 4 is withheld: " + table);
  }

  @Test
  void drawsTheRoadNetworkAsAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("map.png");
    TrafficMap.write(TrafficReport.of(REGIONS, 3), new RoadNetwork(Simulator.CITY_SIZE), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertTrue(image.getHeight() > 900);
  }
}
