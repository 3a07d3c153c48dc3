package io.cpchain.cli.jobs;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;

/**
 * Submits job jars to a Flink cluster over its REST API, as {@code flink run -d} does: the local
 * stack's MiniCluster and a real cluster ({@code --flink host:port}) are driven the same way.
 */
public final class FlinkJobs implements AutoCloseable {

  private final RestClusterClient<StandaloneClusterId> client;

  public FlinkJobs(String restAddress) throws Exception {
    String[] hostPort = restAddress.split(":");
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--flink must be host:port, got '" + restAddress + "'");
    }
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, hostPort[0]);
    conf.set(RestOptions.PORT, Integer.parseInt(hostPort[1]));
    this.client = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
  }

  /** The id of a job with this name that is running (or about to), if any. */
  public Optional<JobID> findActive(String jobName) throws Exception {
    return client.listJobs().get(30, TimeUnit.SECONDS).stream()
        .filter(job -> job.getJobName().equals(jobName) && !job.getJobState().isGloballyTerminalState())
        .map(JobStatusMessage::getJobId)
        .findFirst();
  }

  /** Builds the job graph from the jar's main method, as the Flink CLI does, and submits it detached. */
  public JobID submit(Path jobJar, String mainClass, String[] args, int parallelism) throws Exception {
    if (!Files.isRegularFile(jobJar)) {
      throw new IllegalStateException("job jar not found: " + jobJar + " (build with mvn -B install -DskipTests)");
    }
    PackagedProgram program = PackagedProgram.newBuilder()
        .setJarFile(new File(jobJar.toString()))
        .setEntryPointClassName(mainClass)
        .setArguments(args)
        .build();
    try {
      JobGraph graph = PackagedProgramUtils.createJobGraph(program, new Configuration(), parallelism, false);
      return client.submitJob(graph).get(60, TimeUnit.SECONDS);
    } finally {
      program.close();
    }
  }

  /**
   * The running job of that name, or the jar's job submitted now; then waits until it runs. A running
   * job is reused: after changing a job's code, stop the stack first so the new build is submitted.
   */
  public JobID ensureRunning(String jobName, Path jobJar, String mainClass, String[] args, int parallelism,
      PrintStream out) throws Exception {
    JobID job = findActive(jobName).orElse(null);
    if (job == null) {
      job = submit(jobJar, mainClass, args, parallelism);
      out.println("submitted " + jobName + " as job " + job);
    } else {
      out.println("reusing running job " + jobName + " " + job);
    }
    awaitRunning(job, Duration.ofMinutes(2));
    return job;
  }

  /** Waits until the job and every one of its tasks run: only then does it consume input. */
  public void awaitRunning(JobID job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobDetailsInfo details = client.getJobDetails(job).get(10, TimeUnit.SECONDS);
      boolean tasksRunning = details.getJobVertexInfos().stream()
          .allMatch(vertex -> vertex.getExecutionState() == ExecutionState.RUNNING);
      if (details.getJobStatus() == JobStatus.RUNNING && tasksRunning) {
        return;
      }
      if (details.getJobStatus().isGloballyTerminalState() || System.nanoTime() > deadline) {
        throw new IllegalStateException("job " + job + " is " + details.getJobStatus() + " instead of RUNNING"
            + " (its log is in the Flink cluster's log)");
      }
      Thread.sleep(200);
    }
  }

  public void cancel(JobID job) throws Exception {
    client.cancel(job).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    client.close();
  }
}
