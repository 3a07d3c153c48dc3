package io.cpchain.cli.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A small synthetic city: a grid of intersections about 300 m apart, joined by one-way road
 * segments in both directions. Segments on the grid's middle row and column are arterials (70
 * km/h), the ring is 50 km/h, the rest are 30 km/h side streets.
 */
public final class RoadNetwork {

  /** A directed road between two intersections. */
  public record Segment(int id, int from, int to, double lengthM, double speedLimitKmh, double headingDeg) {}

  static final double CENTER_LAT = 52.5200;
  static final double CENTER_LON = 13.4050;
  private static final double SPACING_M = 300;
  private static final double METERS_PER_DEG_LAT = 111_320;

  private final int size;
  private final List<Segment> segments = new ArrayList<>();
  private final List<List<Segment>> outgoing = new ArrayList<>();

  public RoadNetwork(int size) {
    this.size = size;
    for (int i = 0; i < size * size; i++) {
      outgoing.add(new ArrayList<>());
    }
    for (int row = 0; row < size; row++) {
      for (int col = 0; col < size; col++) {
        if (col + 1 < size) {
          connect(node(row, col), node(row, col + 1), limitFor(row));
        }
        if (row + 1 < size) {
          connect(node(row, col), node(row + 1, col), limitFor(col));
        }
      }
    }
  }

  public List<Segment> segments() {
    return segments;
  }

  public Segment segment(int id) {
    return segments.get(id);
  }

  public Segment randomSegment(Random random) {
    return segments.get(random.nextInt(segments.size()));
  }

  /** Where to go at the end of {@code current}: any road out of the intersection but the way back. */
  public Segment next(Segment current, Random random) {
    List<Segment> options = new ArrayList<>(outgoing.get(current.to()));
    options.removeIf(s -> s.to() == current.from());
    return options.get(random.nextInt(options.size()));
  }

  /** Latitude and longitude of a point {@code offsetM} metres along a segment. */
  public double[] position(Segment segment, double offsetM) {
    double fraction = Math.min(1, offsetM / segment.lengthM());
    double[] a = coordinates(segment.from());
    double[] b = coordinates(segment.to());
    return new double[] {a[0] + (b[0] - a[0]) * fraction, a[1] + (b[1] - a[1]) * fraction};
  }

  private double[] coordinates(int node) {
    int row = node / size;
    int col = node % size;
    double northM = (row - (size - 1) / 2.0) * SPACING_M;
    double eastM = (col - (size - 1) / 2.0) * SPACING_M;
    double lat = CENTER_LAT + northM / METERS_PER_DEG_LAT;
    double lon = CENTER_LON + eastM / (METERS_PER_DEG_LAT * Math.cos(Math.toRadians(CENTER_LAT)));
    return new double[] {lat, lon};
  }

  private double limitFor(int line) {
    if (line == size / 2) {
      return 70;
    }
    return line == 0 || line == size - 1 ? 50 : 30;
  }

  private void connect(int a, int b, double limitKmh) {
    add(a, b, limitKmh);
    add(b, a, limitKmh);
  }

  private void add(int from, int to, double limitKmh) {
    double[] a = coordinates(from);
    double[] b = coordinates(to);
    double northM = (b[0] - a[0]) * METERS_PER_DEG_LAT;
    double eastM = (b[1] - a[1]) * METERS_PER_DEG_LAT * Math.cos(Math.toRadians(CENTER_LAT));
    double heading = (Math.toDegrees(Math.atan2(eastM, northM)) + 360) % 360;
    Segment segment = new Segment(segments.size(), from, to, Math.hypot(northM, eastM), limitKmh, heading);
    segments.add(segment);
    outgoing.get(from).add(segment);
  }

  private int node(int row, int col) {
    return row * size + col;
  }
}
