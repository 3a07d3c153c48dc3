package io.cpchain.encrypt.interval;

/** An interval could not be read back intact; the message names the interval and, where it applies, the chunk. */
public final class IntervalReadException extends Exception {
  public IntervalReadException(String message) {
    super(message);
  }
}
