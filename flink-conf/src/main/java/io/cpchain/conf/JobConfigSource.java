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

/**
 * The settings given to a job, in layers: a properties file ({@code --config-file path}, typically
 * one under flink-conf/jobs/), then {@code --name value} or {@code --name=value} arguments; what
 * neither gives keeps its default. A setting the job does not declare is an error, not silently
 * ignored: a typo must not run a job with a default the user meant to change.
 */
final class JobConfigSource {

  static final String CONFIG_FILE_FLAG = "config-file";

  private JobConfigSource() {}

  /** The values {@code args} give, by setting name, unparsed; every name is one of {@code known}. */
  static Map<String, String> read(Collection<String> known, String[] args) {
    Map<String, String> flags = parseFlags(args);
    Map<String, String> values = new LinkedHashMap<>();
    String file = flags.remove(CONFIG_FILE_FLAG);
    if (file != null) {
      values.putAll(readFile(Path.of(file)));
    }
    values.putAll(flags);
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new ConfigException("unknown setting '" + name + "'; known: " + new TreeSet<>(known));
      }
    }
    return values;
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
      throw new ConfigException("config file not found: " + file + " (it is read where the job's main() runs:"
          + " the machine that runs flink run, or the JobManager for a REST submission; give a path there, or"
          + " each setting as --name value)");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name).strip()));
    return values;
  }
}
