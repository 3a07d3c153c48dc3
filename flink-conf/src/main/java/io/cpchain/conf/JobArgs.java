package io.cpchain.conf;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line that gives a job exactly these settings: how a launcher hands a typed config to
 * a job it submits ({@code --name value} pairs, each value formatted as its key parses it).
 */
public final class JobArgs {

  private final List<String> args = new ArrayList<>();

  public <T> JobArgs with(ConfigKey<T> key, T value) {
    args.add("--" + key.name());
    args.add(key.format(value));
    return this;
  }

  public String[] toArray() {
    return args.toArray(String[]::new);
  }
}
