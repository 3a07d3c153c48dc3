package io.cpchain.cli.demo;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Waiting for output that a job writes over time: reads it every poll until it is complete, or its
 * measure has not changed for a quiet spell, or the time is up, and returns the last reading. Jobs
 * commit on checkpoints and windows close as event time moves on, so "nothing new for a while" is
 * the usual sign that all of it is out.
 */
public final class Settle<T> {

  private final Callable<T> read;
  private Duration poll = Duration.ofSeconds(1);
  private Duration max = Duration.ofMinutes(2);
  private Duration quiet;
  private Function<T, ?> measure = Function.identity();
  private Predicate<T> quietCounts = value -> true;
  private Predicate<T> complete = value -> false;
  private Consumer<T> onChange = value -> {};
  private Runnable betweenPolls = () -> {};

  private Settle(Callable<T> read) {
    this.read = read;
  }

  public static <T> Settle<T> reading(Callable<T> read) {
    return new Settle<>(read);
  }

  public Settle<T> every(Duration poll) {
    this.poll = poll;
    return this;
  }

  public Settle<T> atMost(Duration max) {
    this.max = max;
    return this;
  }

  /** Stops as soon as a reading is complete. */
  public Settle<T> until(Predicate<T> complete) {
    this.complete = complete;
    return this;
  }

  /** Stops once {@code measure} of the readings has not changed for {@code quiet}. */
  public Settle<T> quietFor(Duration quiet, Function<T, ?> measure) {
    this.quiet = quiet;
    this.measure = measure;
    return this;
  }

  /** A quiet spell ends the wait only for a reading that passes this (e.g. once anything came at all). */
  public Settle<T> quietCountsOnlyIf(Predicate<T> quietCounts) {
    this.quietCounts = quietCounts;
    return this;
  }

  /** Called with the reading whenever its measure changes (the first reading included). */
  public Settle<T> onChange(Consumer<T> onChange) {
    this.onChange = onChange;
    return this;
  }

  /** Called before each sleep between polls (e.g. a progress line). */
  public Settle<T> betweenPolls(Runnable betweenPolls) {
    this.betweenPolls = betweenPolls;
    return this;
  }

  public T await() throws Exception {
    long start = System.nanoTime();
    Object lastMeasure = new Object(); // equal to no measure: the first reading is a change
    long lastChange = start;
    while (true) {
      T value = read.call();
      Object now = measure.apply(value);
      if (!Objects.equals(now, lastMeasure)) {
        lastMeasure = now;
        lastChange = System.nanoTime();
        onChange.accept(value);
      }
      long elapsed = System.nanoTime() - start;
      boolean quietLongEnough = quiet != null && System.nanoTime() - lastChange >= quiet.toNanos()
          && quietCounts.test(value);
      if (complete.test(value) || quietLongEnough || elapsed >= max.toNanos()) {
        return value;
      }
      betweenPolls.run();
      Thread.sleep(poll.toMillis());
    }
  }
}
