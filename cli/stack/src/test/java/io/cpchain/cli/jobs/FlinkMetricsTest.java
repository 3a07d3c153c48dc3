package io.cpchain.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.jobs.metrics.CountRecordsIn;
import io.cpchain.jobs.metrics.JobMetrics;
import io.cpchain.schemas.RejectReason;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/** The reader against a real MiniCluster's REST API, on a job counting with the pipeline's own metrics. */
class FlinkMetricsTest {

  private static final int RECORDS = 50;

  @Test
  void readsAnOperatorsCounterSummedOverSubtasksAndDeadLettersByReason() throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, 0);
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(200));
    try (MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
        .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build())) {
      cluster.start();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      env.fromSequence(1, Long.MAX_VALUE)
          .filter(new FirstRecordsThenHold()).name("hold")
          .map(new CountRecordsIn<>()).returns(Types.LONG).name("count in")
          .map(new EverythingLate()).name("late, all of it")
          .sinkTo(new DiscardingSink<>());
      StreamGraph graph = env.getStreamGraph();
      graph.setJobName("metrics-test");
      JobID job = cluster.submitJob(graph.getJobGraph()).get().getJobID();
      await(() -> cluster.getJobStatus(job).get() == JobStatus.RUNNING);
      URI rest = cluster.getRestAddress().get();
      FlinkMetrics metrics = new FlinkMetrics(FlinkRest.of(rest.getHost() + ":" + rest.getPort()));

      long expected = 2L * RECORDS; // each of the two subtasks passes its first RECORDS
      await(() -> metrics.sum(job, "count in", JobMetrics.GROUP + "." + JobMetrics.RECORDS_IN) == expected);
      assertEquals(expected, metrics.sum(job, null, JobMetrics.GROUP + "." + JobMetrics.RECORDS_IN));
      assertEquals(0, metrics.sum(job, "hold", JobMetrics.GROUP + "." + JobMetrics.RECORDS_IN), "another operator");
      await(() -> metrics.deadLettersByReason(job).getOrDefault("LATE_EVENT", 0L) == expected);
      assertEquals(Map.of("LATE_EVENT", expected, "UNDECODABLE", 0L), metrics.deadLettersByReason(job));
      assertEquals(Optional.of(job), metrics.running("metrics-test"));
      assertEquals(Optional.empty(), metrics.running("another job"));
      cluster.cancelJob(job).get();
      await(() -> metrics.running("metrics-test").isEmpty());
    }
  }

  @Test
  void anOperatorIsMatchedAsTheRestApiListsIt() {
    assertTrue(FlinkMetrics.isOf("decode,_verify_signature,_check,_deduplicate.cpchain.recordsIn",
        "decode, verify signature, check, deduplicate", "cpchain.recordsIn"));
    assertTrue(FlinkMetrics.isOf("anything.cpchain.recordsIn", null, "cpchain.recordsIn"));
    assertFalse(FlinkMetrics.isOf("hold.cpchain.recordsIn", "count in", "cpchain.recordsIn"));
    assertFalse(FlinkMetrics.isOf("count_in.cpchain.recordsOut", "count in", "cpchain.recordsIn"));
  }

  private static void await(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.call()) {
      assertTrue(System.nanoTime() < deadline, "timed out");
      Thread.sleep(200);
    }
  }

  /** Passes a subtask's first records, then holds the task (until cancelled) so the job keeps running. */
  static final class FirstRecordsThenHold implements FilterFunction<Long> {
    private int passed;

    @Override
    public boolean filter(Long value) throws InterruptedException {
      if (passed == RECORDS) {
        Thread.sleep(Long.MAX_VALUE);
      }
      passed++;
      return true;
    }
  }

  static final class EverythingLate extends RichMapFunction<Long, Long> {
    private transient JobMetrics.DeadLetterCounters deadLetters;

    @Override
    public void open(OpenContext openContext) {
      deadLetters = new JobMetrics(getRuntimeContext().getMetricGroup())
          .deadLetters(RejectReason.LATE_EVENT, RejectReason.UNDECODABLE);
    }

    @Override
    public Long map(Long value) {
      deadLetters.count(RejectReason.LATE_EVENT);
      return value;
    }
  }
}
