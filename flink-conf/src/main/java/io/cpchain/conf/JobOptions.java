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
  /** Each component: a {@link Setting}, or a {@link Group} of them. */
  private final List<Object> components;
  private final List<Setting> settings;
  private final Constructor<C> constructor;

  /** A component declared {@link OptionGroup}: its own record of settings. */
  private record Group(RecordComponent component, JobOptions<?> options) {
    Record valueIn(Record config) {
      return valueOf(component, config);
    }
  }

  private JobOptions(Class<C> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    this.components = new ArrayList<>();
    List<Setting> all = new ArrayList<>();
    for (RecordComponent component : components) {
      if (component.isAnnotationPresent(OptionGroup.class)) {
        Group group = new Group(component, ofGroup(component.getType()));
        this.components.add(group);
        all.addAll(group.options().settings);
      } else {
        Setting setting = Setting.of(component);
        this.components.add(setting);
        all.add(setting);
      }
    }
    this.settings = List.copyOf(all);
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

  private static JobOptions<?> ofGroup(Class<?> type) {
    if (!type.isRecord()) {
      throw new IllegalArgumentException(type.getName() + " is not a record: an @OptionGroup is a record of @Options");
    }
    return new JobOptions<>(type.asSubclass(Record.class));
  }

  /** Every setting in declaration order, a group's in its place. */
  public List<Setting> settings() {
    return settings;
  }

  /** Each setting's default, then the config file's value, then the flag's. */
  public C parse(String... args) {
    return build(JobConfigSource.read(settings.stream().map(Setting::name).toList(), args));
  }

  private C build(Map<String, String> given) {
    Object[] values = new Object[components.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = components.get(i) instanceof Setting setting
          ? setting.parse(given.getOrDefault(setting.name(), setting.defaultValue()))
          : ((Group) components.get(i)).options().build(given);
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
    addArgs(config, args);
    return args.toArray(String[]::new);
  }

  private void addArgs(Record config, List<String> args) {
    for (Object component : components) {
      if (component instanceof Setting setting) {
        args.add("--" + setting.name());
        args.add(setting.format(config));
      } else {
        Group group = (Group) component;
        group.options().addArgs(group.valueIn(config), args);
      }
    }
  }

  /** The record's usual form, secrets as {@code ***}: configs end up in logs. */
  public String toString(C config) {
    return describe(config);
  }

  private String describe(Record config) {
    StringJoiner fields = new StringJoiner(", ", type.getSimpleName() + "[", "]");
    for (Object component : components) {
      if (component instanceof Setting setting) {
        fields.add(setting.component().getName() + "=" + (setting.secret() ? "***" : setting.valueIn(config)));
      } else {
        Group group = (Group) component;
        fields.add(group.component().getName() + "=" + group.options().describe(group.valueIn(config)));
      }
    }
    return fields.toString();
  }

  private static Record valueOf(RecordComponent component, Record config) {
    try {
      return (Record) component.getAccessor().invoke(config);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component.getName() + " of " + config.getClass(), e);
    }
  }
}
