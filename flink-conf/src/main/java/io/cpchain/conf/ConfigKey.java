package io.cpchain.conf;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name (as written in files and as {@code --name} on the command line),
 * its default, what it means, and how to read its value. Jobs declare their keys as constants.
 */
public final class ConfigKey<T> {

  private final String name;
  private final T defaultValue;
  private final String description;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;

  private ConfigKey(String name, T defaultValue, String description, Function<String, T> parser,
      Function<T, String> formatter) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = Objects.requireNonNull(defaultValue);
    this.description = Objects.requireNonNull(description);
    this.parser = Objects.requireNonNull(parser);
    this.formatter = Objects.requireNonNull(formatter);
  }

  private ConfigKey(String name, T defaultValue, String description, Function<String, T> parser) {
    this(name, defaultValue, description, parser, String::valueOf);
  }

  public static ConfigKey<String> string(String name, String defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, value -> {
      if (value.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return value;
    });
  }

  public static ConfigKey<Integer> positiveInt(String name, int defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, value -> {
      int parsed = Integer.parseInt(value.strip());
      if (parsed <= 0) {
        throw new IllegalArgumentException("must be a positive whole number");
      }
      return parsed;
    });
  }

  public static ConfigKey<Long> positiveLong(String name, long defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, value -> {
      long parsed = Long.parseLong(value.strip());
      if (parsed <= 0) {
        throw new IllegalArgumentException("must be a positive whole number");
      }
      return parsed;
    });
  }

  public static ConfigKey<Duration> duration(String name, Duration defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, Durations::parse, Durations::format);
  }

  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
    return new ConfigKey<>(name, defaultValue, description, value -> switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    });
  }

  public String name() {
    return name;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The value as it is written in a file or after {@code --name}: what {@link #parse} reads back. */
  public String format(T value) {
    return formatter.apply(value);
  }

  /** Parses a value, naming the key in the error so a user knows which setting is wrong. */
  T parse(String value) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
      throw new ConfigException(name + ": '" + value + "' is invalid: " + why);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
