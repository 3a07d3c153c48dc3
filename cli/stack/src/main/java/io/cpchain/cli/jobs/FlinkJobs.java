package io.cpchain.cli.jobs;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.PackagedProgram;
import org.apache.flink.client.program.PackagedProgramUtils;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;

/**
 * Submits job jars to a Flink cluster over its REST API, as {@code flink run -d} does: the local
 * stack's MiniCluster and a real cluster ({@code --flink host:port}) are driven the same way. On the
 * local cluster, whose checkpoints it can see, a job submitted again after the cluster died resumes
 * from its newest retained checkpoint (a real cluster recovers its jobs itself, with high availability).
 */
public final class FlinkJobs implements AutoCloseable {

  private final RestClusterClient<StandaloneClusterId> client;
  private final Optional<RetainedCheckpoints> retained;

  /** A remote cluster's client: every job it submits starts from its sources' committed offsets. */
  public FlinkJobs(FlinkRest rest) throws Exception {
    this(rest, Optional.empty());
  }

  /** A client that resumes each job from its newest checkpoint in {@code retained}, if it has one. */
  public FlinkJobs(FlinkRest rest, Optional<RetainedCheckpoints> retained) throws Exception {
    this.retained = retained;
    this.client = new RestClusterClient<>(rest.clientConfiguration(), StandaloneClusterId.getInstance());
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
    return submit(jobJar, mainClass, args, parallelism, Optional.empty());
  }

  private JobID submit(Path jobJar, String mainClass, String[] args, int parallelism, Optional<Path> restoreFrom)
      throws Exception {
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
      // Every operator has a uid, so all of a checkpoint's state must find its operator again.
      restoreFrom.ifPresent(checkpoint -> graph.setSavepointRestoreSettings(
          SavepointRestoreSettings.forPath(checkpoint.toUri().toString(), false)));
      return client.submitJob(graph).get(60, TimeUnit.SECONDS);
    } finally {
      program.close();
    }
  }

  /**
   * The running job of that name, or the jar's job submitted now (from its newest retained checkpoint,
   * if this client knows the cluster's); then waits until it runs. A running job is reused: after
   * changing a job's code, stop the stack first so the new build is submitted.
   */
  public JobID ensureRunning(String jobName, Path jobJar, String mainClass, String[] args, int parallelism,
      PrintStream out) throws Exception {
    Started started = startIfStopped(jobName, jobJar, mainClass, args, parallelism, out);
    awaitRunning(jobName, started.job(), started.checkpoint());
    return started.job();
  }

  /** A job found running or submitted just now, and the checkpoint it resumes from, if any. */
  private record Started(String jobName, JobID job, Optional<Path> checkpoint) {}

  private Started startIfStopped(String jobName, Path jobJar, String mainClass, String[] args, int parallelism,
      PrintStream out) throws Exception {
    Optional<JobID> active = findActive(jobName);
    if (active.isPresent()) {
      out.println("reusing running job " + jobName + " " + active.get());
      return new Started(jobName, active.get(), Optional.empty());
    }
    Optional<Path> checkpoint = retained.flatMap(r -> r.latest(jobName));
    JobID job = submit(jobJar, mainClass, args, parallelism, checkpoint);
    retained.ifPresent(r -> r.recordSubmitted(jobName, jobJar, mainClass, List.of(args), parallelism,
        job.toHexString()));
    out.println("submitted " + jobName + " as job " + job
        + checkpoint.map(c -> ", resuming from its retained checkpoint " + c).orElse(""));
    return new Started(jobName, job, checkpoint);
  }

  /**
   * Submits again, each from its newest retained checkpoint, every job this client's cluster ran that
   * is not running now: after the cluster died or was stopped, the pipeline goes on where it was. All
   * are submitted before any is awaited, so their tasks restore side by side. A job that cannot
   * resume is reported and left stopped; the others still resume.
   */
  public void resumeStopped(PrintStream out) throws Exception {
    if (retained.isEmpty()) {
      return;
    }
    List<Started> submitted = new ArrayList<>();
    for (RetainedCheckpoints.Submission job : retained.get().submissions()) {
      if (findActive(job.jobName()).isPresent()) {
        continue;
      }
      try {
        submitted.add(startIfStopped(job.jobName(), job.jar(), job.mainClass(), job.args().toArray(String[]::new),
            job.parallelism(), out));
      } catch (Exception e) {
        out.println("could not resume " + job.jobName() + ": " + e.getMessage());
      }
    }
    List<String> names = new ArrayList<>();
    for (Started job : submitted) {
      try {
        awaitRunning(job.jobName(), job.job(), job.checkpoint());
        names.add(job.jobName());
      } catch (Exception e) {
        out.println("could not resume " + job.jobName() + ": " + e.getMessage());
      }
    }
    if (!names.isEmpty()) {
      out.println("resumed " + names.size() + " jobs: " + String.join(", ", names));
    }
  }

  private void awaitRunning(String jobName, JobID job, Optional<Path> checkpoint) throws Exception {
    try {
      awaitRunning(job, Duration.ofMinutes(2));
    } catch (IllegalStateException e) {
      if (checkpoint.isEmpty()) {
        throw e;
      }
      throw new IllegalStateException(e.getMessage() + "; it was resuming from " + checkpoint.get()
          + ": if that state does not fit this build of the job, delete " + retained.get().file(jobName)
          + " to start it empty", e);
    }
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
