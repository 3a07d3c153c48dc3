package io.cpchain.conf;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.function.Function;

/** One declared setting of a job config record: its {@link Option} and how its component's type is read. */
public final class Setting {

  private final Option option;
  private final RecordComponent component;
  private final Function<String, Object> parser;
  private final Function<Object, String> formatter;

  private Setting(Option option, RecordComponent component, Function<String, Object> parser,
      Function<Object, String> formatter) {
    this.option = option;
    this.component = component;
    this.parser = parser;
    this.formatter = formatter;
  }

  static Setting of(RecordComponent component) {
    Option option = component.getAnnotation(Option.class);
    String where = component.getDeclaringRecord().getSimpleName() + "." + component.getName();
    if (option == null) {
      throw new IllegalStateException(where + " has no @Option: every component of a job config is a setting");
    }
    Class<?> type = component.getType();
    Setting setting;
    if (type == String.class) {
      setting = new Setting(option, component, Setting::nonBlank, String::valueOf);
    } else if (type == int.class) {
      setting = new Setting(option, component, Setting::positiveInt, String::valueOf);
    } else if (type == long.class) {
      setting = new Setting(option, component, Setting::positive, String::valueOf);
    } else if (type == boolean.class) {
      setting = new Setting(option, component, Setting::bool, String::valueOf);
    } else if (type == Duration.class) {
      setting = new Setting(option, component, Durations::parse, value -> Durations.format((Duration) value));
    } else {
      throw new IllegalStateException(where + ": a setting cannot be of type " + type.getName());
    }
    try {
      setting.parse(option.defaultValue());
    } catch (ConfigException e) {
      throw new IllegalStateException(where + ": the declared default does not parse: " + e.getMessage());
    }
    return setting;
  }

  public String name() {
    return option.name();
  }

  /** As written in a properties file. */
  public String defaultValue() {
    return option.defaultValue();
  }

  public String description() {
    return option.description();
  }

  public boolean secret() {
    return option.secret();
  }

  RecordComponent component() {
    return component;
  }

  /** Reads a value, naming the setting in the error so a user knows which one is wrong. */
  Object parse(String value) {
    try {
      return parser.apply(value);
    } catch (RuntimeException e) {
      String why = e instanceof NumberFormatException ? "not a number" : e.getMessage();
      throw new ConfigException(name() + ": '" + value + "' is invalid: " + why);
    }
  }

  /** The value of this setting in {@code config}, as {@link #parse} reads it back. */
  String format(Record config) {
    return formatter.apply(valueIn(config));
  }

  Object valueIn(Record config) {
    try {
      return component.getAccessor().invoke(config);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + config.getClass(), e);
    }
  }

  private static String nonBlank(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return value;
  }

  private static int positiveInt(String value) {
    return (int) positive(Integer.parseInt(value.strip()));
  }

  private static long positive(String value) {
    return positive(Long.parseLong(value.strip()));
  }

  private static long positive(long value) {
    if (value <= 0) {
      throw new IllegalArgumentException("must be a positive whole number");
    }
    return value;
  }

  private static boolean bool(String value) {
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  @Override
  public String toString() {
    return name();
  }
}
