package io.cpchain.conf;

/** A configuration value or argument is wrong; the message is one line a user can act on. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
