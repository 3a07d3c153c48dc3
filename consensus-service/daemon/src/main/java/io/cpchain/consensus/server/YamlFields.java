package io.cpchain.consensus.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Typed reads of a YAML mapping; every missing, unknown or mistyped key is one line naming it. */
public final class YamlFields {

  private final String file;
  private final Map<String, Object> map;

  private YamlFields(String file, Map<String, Object> map) {
    this.file = file;
    this.map = map;
  }

  @SuppressWarnings("unchecked")
  public static YamlFields load(Path path, Set<String> allowed) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(path + ": no such file");
    }
    try (Reader reader = Files.newBufferedReader(path)) {
      Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
      if (!(root instanceof Map)) {
        throw new IllegalArgumentException(path + ": expected a YAML mapping");
      }
      YamlFields fields = new YamlFields(path.toString(), (Map<String, Object>) root);
      fields.onlyKeys(allowed);
      return fields;
    } catch (org.yaml.snakeyaml.error.YAMLException e) {
      throw new IllegalArgumentException(path + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  @SuppressWarnings("unchecked")
  public YamlFields section(String key, Set<String> allowed) {
    Object value = map.get(key);
    if (value == null) {
      return new YamlFields(file + ":" + key, Map.of());
    }
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(file + ": '" + key + "' must be a mapping");
    }
    YamlFields fields = new YamlFields(file + ":" + key, (Map<String, Object>) value);
    fields.onlyKeys(allowed);
    return fields;
  }

  private void onlyKeys(Set<String> allowed) {
    for (String key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(file + ": unknown key '" + key + "' (known: " + String.join(", ",
            new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  public boolean has(String key) {
    return map.containsKey(key);
  }

  public String string(String key) {
    Object value = map.get(key);
    if (value == null) {
      throw new IllegalArgumentException(file + ": '" + key + "' is required");
    }
    return value.toString();
  }

  public String string(String key, String fallback) {
    return map.containsKey(key) ? string(key) : fallback;
  }

  public long number(String key, long fallback) {
    if (!map.containsKey(key)) {
      return fallback;
    }
    Object value = map.get(key);
    if (value instanceof Number n && !(value instanceof Double)) {
      return n.longValue();
    }
    throw new IllegalArgumentException(file + ": '" + key + "' must be a whole number, not " + value);
  }

  public List<?> list(String key) {
    Object value = map.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException(file + ": '" + key + "' must be a list");
    }
    return list;
  }

  public Map<?, ?> mapping(String key) {
    Object value = map.get(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(file + ": '" + key + "' must be a mapping");
    }
    return m;
  }

  public String where() {
    return file;
  }
}
