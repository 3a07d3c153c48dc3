package io.cpchain.conf;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values of a job's keys, in layers: each key's default, then a properties file
 * ({@code --config-file path}, typically one under flink-conf/jobs/), then {@code --name value} or
 * {@code --name=value} arguments. A key the job does not declare is an error, not silently ignored:
 * a typo must not run a job with a default the user meant to change.
 */
public final class JobConfigSource {

  public static final String CONFIG_FILE_FLAG = "config-file";

  private final Map<String, ConfigKey<?>> keys;
  private final Map<String, String> values;

  private JobConfigSource(Map<String, ConfigKey<?>> keys, Map<String, String> values) {
    this.keys = keys;
    this.values = values;
  }

  /** Reads {@code args} against the declared keys. */
  public static JobConfigSource parse(Collection<ConfigKey<?>> declared, String[] args) {
    Map<String, ConfigKey<?>> keys = declared.stream()
        .collect(Collectors.toMap(ConfigKey::name, Function.identity(), (a, b) -> {
          throw new IllegalArgumentException("key declared twice: " + a.name());
        }, LinkedHashMap::new));
    Map<String, String> flags = parseFlags(args);
    Map<String, String> values = new LinkedHashMap<>();
    String file = flags.remove(CONFIG_FILE_FLAG);
    if (file != null) {
      values.putAll(readFile(Path.of(file)));
    }
    values.putAll(flags);
    for (String name : values.keySet()) {
      if (!keys.containsKey(name)) {
        throw new ConfigException("unknown setting '" + name + "'; known: " + new TreeSet<>(keys.keySet()));
      }
    }
    JobConfigSource source = new JobConfigSource(keys, values);
    keys.values().forEach(source::get); // fail on any bad value now, not when a job first reads it
    return source;
  }

  public <T> T get(ConfigKey<T> key) {
    if (keys.get(key.name()) != key) {
      throw new IllegalArgumentException("key not declared for this job: " + key.name());
    }
    String value = values.get(key.name());
    return value == null ? key.defaultValue() : key.parse(value);
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException("unexpected argument '" + arg + "'; settings are given as --name value");
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException("--" + name + " needs a value");
      }
      if (flags.put(name, value) != null) {
        throw new ConfigException("--" + name + " given twice");
      }
    }
    return flags;
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).strip()));
    return values;
  }
}
