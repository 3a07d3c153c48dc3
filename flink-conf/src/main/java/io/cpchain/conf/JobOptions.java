package io.cpchain.conf;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The settings of a job config record whose components are each declared with {@link Option}: reads
 * the record from {@code --name value} arguments and a {@code --config-file}, writes it back as
 * arguments, lists its settings and prints it with secrets hidden. An unknown or malformed setting
 * is a {@link ConfigException} of one line naming it; checks that span settings stay in the record's
 * compact constructor.
 */
public final class JobOptions<C extends Record> {

  /** {@code --config-file FILE}: a properties file of settings, which the flags then override. */
  public static final String CONFIG_FILE_FLAG = JobConfigSource.CONFIG_FILE_FLAG;

  private final Class<C> type;
  private final List<Setting> settings;
  private final Constructor<C> constructor;

  private JobOptions(Class<C> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    this.settings = Arrays.stream(components).map(Setting::of).toList();
    var names = new HashSet<String>();
    for (Setting setting : settings) {
      if (!names.add(setting.name()) || setting.name().equals(CONFIG_FILE_FLAG)) {
        throw new IllegalStateException(type.getSimpleName() + ": setting '" + setting.name() + "' declared twice");
      }
    }
    try {
      this.constructor = type.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  /** Reads {@code type}'s declarations; a wrong declaration (no {@code @Option}, a default that does not parse) fails here. */
  public static <C extends Record> JobOptions<C> of(Class<C> type) {
    return new JobOptions<>(type);
  }

  /** Every setting in declaration order. */
  public List<Setting> settings() {
    return settings;
  }

  /** Each setting's default, then the config file's value, then the flag's. */
  public C parse(String... args) {
    Map<String, String> given = JobConfigSource.read(settings.stream().map(Setting::name).toList(), args);
    Object[] values = new Object[settings.size()];
    for (int i = 0; i < values.length; i++) {
      Setting setting = settings.get(i);
      values[i] = setting.parse(given.getOrDefault(setting.name(), setting.defaultValue()));
    }
    try {
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause; // the record's own check, e.g. a ConfigException naming the settings that disagree
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + type.getName(), e);
    }
  }

  /** The arguments that {@link #parse} reads back into {@code config}: how a launcher hands a config to a job. */
  public String[] toArgs(C config) {
    List<String> args = new ArrayList<>();
    for (Setting setting : settings) {
      args.add("--" + setting.name());
      args.add(setting.format(config));
    }
    return args.toArray(String[]::new);
  }

  /** The record's usual form, secrets as {@code ***}: configs end up in logs. */
  public String toString(C config) {
    StringJoiner fields = new StringJoiner(", ", type.getSimpleName() + "[", "]");
    for (Setting setting : settings) {
      fields.add(setting.component().getName() + "=" + (setting.secret() ? "***" : setting.valueIn(config)));
    }
    return fields.toString();
  }
}
