package io.cpchain.he.insurance;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * A scoring model: {@code z = intercept + Σ weight_f · feature_f} over the per-period totals of
 * {@link Feature}, then {@code score = Σ c_k z^k} (k ≤ 3, e.g. a cubic standing for the logistic
 * function). Only additions and multiplications: what CKKS evaluates. Also the gateway's
 * measuring settings (night hours, speeding speed) and the underwriter's bands. Read from a
 * properties file ({@code flink-conf/models/example-ubi.properties}).
 */
public record InsuranceModel(String id, int version, double[] weights, double intercept, double[] polynomial,
    int nightFromHour, int nightToHour, double speedingKmh, double mediumFrom, double highFrom)
    implements Serializable {

  public static final int MAX_DEGREE = 3;

  public InsuranceModel {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("model.id is missing");
    }
    if (weights.length != Feature.values().length) {
      throw new IllegalArgumentException("a model has one weight per feature");
    }
    if (polynomial.length == 0 || polynomial.length > MAX_DEGREE + 1) {
      throw new IllegalArgumentException("polynomial: 1 to " + (MAX_DEGREE + 1) + " coefficients (degree <= "
          + MAX_DEGREE + "), got " + polynomial.length);
    }
    if (java.util.Arrays.stream(polynomial, 1, polynomial.length).allMatch(c -> c == 0)) {
      throw new IllegalArgumentException("polynomial: a constant score says nothing about the driver");
    }
    if (nightFromHour < 0 || nightFromHour > 23 || nightToHour < 0 || nightToHour > 23) {
      throw new IllegalArgumentException("night hours are 0..23");
    }
    if (!(mediumFrom <= highFrom)) {
      throw new IllegalArgumentException("band.medium-from must not exceed band.high-from");
    }
    weights = weights.clone();
    polynomial = polynomial.clone();
  }

  public static InsuranceModel read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** @throws IllegalArgumentException naming the file and the key that is missing or wrong */
  public static InsuranceModel parse(String text, String source) {
    Properties p = new Properties();
    try (Reader reader = new StringReader(text)) {
      p.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": not a properties file: " + e.getMessage());
    }
    try {
      double[] weights = new double[Feature.values().length];
      for (Feature feature : Feature.values()) {
        weights[feature.ordinal()] = number(p, "weight." + feature.key());
      }
      double[] polynomial = Arrays.stream(required(p, "polynomial").split(","))
          .mapToDouble(c -> Double.parseDouble(c.strip())).toArray();
      return new InsuranceModel(required(p, "model.id"), Integer.parseInt(required(p, "model.version")), weights,
          number(p, "intercept"), polynomial, Integer.parseInt(required(p, "night.from-hour")),
          Integer.parseInt(required(p, "night.to-hour")), number(p, "speeding.kmh"), number(p, "band.medium-from"),
          number(p, "band.high-from"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage());
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return value.strip();
  }

  private static double number(Properties p, String key) {
    String value = required(p, key);
    try {
      double number = Double.parseDouble(value);
      if (!Double.isFinite(number)) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " is not a number: " + value);
    }
  }

  /** "id v<version>": how tables and records name the model. */
  public String label() {
    return id + " v" + version;
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public double[] polynomial() {
    return polynomial.clone();
  }

  /** The linear part z for one driver-period's features (indexed by {@link Feature#ordinal()}). */
  public double linear(double[] features) {
    double z = intercept;
    for (int f = 0; f < weights.length; f++) {
      z += weights[f] * features[f];
    }
    return z;
  }

  /** The plaintext evaluation the encrypted one must match. */
  public double score(double[] features) {
    double z = linear(features);
    double score = 0;
    for (int k = polynomial.length - 1; k >= 0; k--) {
      score = score * z + polynomial[k];
    }
    return score;
  }

  public String band(double score) {
    return score >= highFrom ? "high" : score >= mediumFrom ? "medium" : "low";
  }

  /** Whether the UTC hour falls in the model's night ({@code from} to {@code to}, across midnight if needed). */
  public boolean isNight(int utcHour) {
    return nightFromHour <= nightToHour
        ? utcHour >= nightFromHour && utcHour < nightToHour
        : utcHour >= nightFromHour || utcHour < nightToHour;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InsuranceModel m && m.id.equals(id) && m.version == version
        && Arrays.equals(m.weights, weights) && m.intercept == intercept && Arrays.equals(m.polynomial, polynomial)
        && m.nightFromHour == nightFromHour && m.nightToHour == nightToHour && m.speedingKmh == speedingKmh
        && m.mediumFrom == mediumFrom && m.highFrom == highFrom;
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + version;
  }

  @Override
  public String toString() {
    return "InsuranceModel(" + label() + ")";
  }
}
