package io.cpchain.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench's results: each figure a name, a value and a unit; ratios are taken against a baseline
 * measured in the same run. Printed as one table with the machine line, and as the {@code --json}
 * line, whose keys are the figures' names in the order they were added, then {@code machine}.
 */
public final class Figures {

  /** {@code unit} is empty for a parameter of the run, {@code x} for a ratio. */
  public record Figure(String name, Object value, String unit) {}

  private final List<Figure> figures = new ArrayList<>();

  /** A rate or a count, to the nearest whole number. */
  public Figures count(String name, double value, String unit) {
    return add(name, Math.round(value), unit);
  }

  /** A measured value, to three decimals. */
  public Figures value(String name, double value, String unit) {
    return add(name, round(value), unit);
  }

  /** {@code value / baseline}, to three decimals; both measured in this run. */
  public Figures ratio(String name, double value, double baseline) {
    return add(name, round(value / baseline), "x");
  }

  /** A parameter of the run, as given rather than measured. */
  public Figures parameter(String name, Object value) {
    return add(name, value, "");
  }

  public List<Figure> all() {
    return List.copyOf(figures);
  }

  /** The figures as the {@code --json} line: name to value, and the machine. */
  public String json() {
    Map<String, Object> json = new LinkedHashMap<>();
    figures.forEach(f -> json.put(f.name(), f.value()));
    json.put("machine", Machine.describe());
    try {
      return new ObjectMapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("figures are numbers and strings: " + e.getMessage(), e);
    }
  }

  /** The table, the machine it was measured on, and with {@code json} the JSON line last. */
  public void print(PrintStream out, boolean json) {
    out.println("== figures");
    for (Figure f : figures) {
      out.printf("  %-44s %16s %s%n", f.name(), f.value(), f.unit());
    }
    out.println("machine: " + Machine.describe());
    if (json) {
      out.println(json());
    }
  }

  private Figures add(String name, Object value, String unit) {
    if (figures.stream().anyMatch(f -> f.name().equals(name))) {
      throw new IllegalArgumentException("figure " + name + " added twice");
    }
    figures.add(new Figure(name, value, unit));
    return this;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
