package io.cpchain.jobs.testing;

import io.cpchain.jobs.metrics.JobMetrics;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A metric reporter for a test's MiniCluster that keeps the live {@code cpchain} counters of every
 * running operator, so a test reads what the Web UI would show. Counters of a finished or cancelled
 * task are dropped, as Flink drops them.
 */
public final class CountersReporter implements MetricReporter {

  private static final Map<String, Counter> COUNTERS = new ConcurrentHashMap<>();

  /** The cluster configuration that installs this reporter (Flink finds its factory through META-INF/services). */
  public static Configuration install(Configuration conf) {
    conf.set(ConfigOptions.key("metrics.reporter.cpchain-test.factory.class").stringType().noDefaultValue(),
        Factory.class.getName());
    return conf;
  }

  /**
   * The sum over subtasks and operators of a running job's counter {@code cpchain.<path>}, e.g.
   * {@code recordsIn} or {@code reason.LATE_EVENT.deadLetters}.
   */
  public static long sum(String jobName, String path) {
    String suffix = "." + JobMetrics.GROUP + "." + path;
    return COUNTERS.entrySet().stream()
        .filter(e -> e.getKey().startsWith(jobName + "|") && e.getKey().endsWith(suffix))
        .mapToLong(e -> e.getValue().getCount())
        .sum();
  }

  private static String key(MetricGroup group, String name) {
    // The identifier names the task manager, job, operator and subtask: one entry per subtask.
    return group.getAllVariables().get("<job_name>") + "|" + group.getMetricIdentifier(name);
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Counter counter && group.getMetricIdentifier(name).contains("." + JobMetrics.GROUP + ".")) {
      COUNTERS.put(key(group, name), counter);
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
    COUNTERS.remove(key(group, name), metric);
  }

  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new CountersReporter();
    }
  }
}
