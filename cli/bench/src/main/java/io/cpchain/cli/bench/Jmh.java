package io.cpchain.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs JMH benchmarks in one fork and returns each one's ops/s by method name. */
public final class Jmh {

  private Jmh() {}

  /** @param include a regular expression over benchmark names, as JMH takes it */
  public static Map<String, Double> opsPerSecond(String include, int warmupSeconds, int measureSeconds)
      throws RunnerException {
    Options options = new OptionsBuilder()
        .include(include)
        .forks(1)
        .warmupIterations(warmupSeconds).warmupTime(TimeValue.seconds(1))
        .measurementIterations(3).measurementTime(TimeValue.seconds(measureSeconds))
        .build();
    Map<String, Double> opsPerSecond = new LinkedHashMap<>();
    for (RunResult result : new Runner(options).run()) {
      String label = result.getParams().getBenchmark();
      opsPerSecond.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
    }
    return opsPerSecond;
  }
}
