package io.cpchain.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;

/**
 * Reads a running job's metrics over Flink's REST API, as the Web UI does: by operator and metric
 * name, summed over the operator's subtasks ({@code /jobs/<id>/vertices/<vertex>/subtasks/metrics}).
 * The cluster refreshes what its REST API shows every {@code metrics.fetcher.update-interval}, so a
 * value trails the job by up to that long.
 */
public final class FlinkMetrics {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern DEAD_LETTERS = Pattern.compile(".*\\.cpchain\\.reason\\.([A-Z_]+)\\.deadLetters");

  private final FlinkRest rest;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  public FlinkMetrics(FlinkRest rest) {
    this.rest = rest;
    this.http = rest.httpClient(TIMEOUT);
  }

  /**
   * The sum over subtasks of {@code metric} (e.g. {@code cpchain.recordsOut}) on every operator of the
   * job whose name is {@code operator} ({@code null}: on every operator that has it); 0 while the
   * cluster shows no such metric yet.
   */
  public long sum(JobID job, String operator, String metric) throws IOException, InterruptedException {
    return sums(job, id -> isOf(id, operator, metric)).values().stream().mapToLong(Long::longValue).sum();
  }

  /** The job's dead letters so far ({@code cpchain.reason.<REASON>.deadLetters}), by reason, over all its operators. */
  public Map<String, Long> deadLettersByReason(JobID job) throws IOException, InterruptedException {
    Map<String, Long> byReason = new TreeMap<>();
    sums(job, id -> DEAD_LETTERS.matcher(id).matches()).forEach((id, count) -> {
      Matcher m = DEAD_LETTERS.matcher(id);
      if (m.matches()) {
        byReason.merge(m.group(1), count, Long::sum);
      }
    });
    return byReason;
  }

  /**
   * A job's checkpoints so far. Its Kafka output is committed with each one, so the longest gap
   * between commits is about the checkpoint interval plus {@code longest}: what a downstream job's
   * idleness must outlast. {@code lastFailure}: the first line of why the newest failed one failed.
   */
  public record Checkpoints(long completed, long failed, Duration longest, Optional<String> lastFailure) {}

  /**
   * The id of the running job of that name, if one runs: a job resumed after the cluster restarted
   * runs under a new id, so a caller that follows a job across restarts looks it up by name.
   */
  public Optional<JobID> running(String jobName) throws IOException, InterruptedException {
    return Optional.ofNullable(runningJobs().get(jobName));
  }

  /**
   * Whether the job of that name runs every one of its tasks: after a TaskManager is lost a job may show RUNNING
   * again while some tasks still wait for slots.
   */
  public boolean runsEveryTask(String jobName) throws IOException, InterruptedException {
    for (JsonNode job : get("jobs/overview").path("jobs")) {
      JsonNode tasks = job.path("tasks");
      if (job.path("name").asText().equals(jobName) && job.path("state").asText().equals("RUNNING")
          && tasks.path("running").asInt() == tasks.path("total").asInt()) {
        return true;
      }
    }
    return false;
  }

  /** The resource ids of the TaskManagers that run tasks of the running job of that name (none if it does not run). */
  public Set<String> taskManagersOf(String jobName) throws IOException, InterruptedException {
    Optional<JobID> job = running(jobName);
    Set<String> taskManagers = new TreeSet<>();
    if (job.isPresent()) {
      for (JsonNode vertex : get("jobs/" + job.get()).path("vertices")) {
        for (JsonNode tm : get("jobs/" + job.get() + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
            .path("taskmanagers")) {
          taskManagers.add(tm.path("taskmanager-id").asText());
        }
      }
    }
    return taskManagers;
  }

  /** The id of the checkpoint the running job of that name last restored its state from, if it restored any. */
  public Optional<Long> restoredCheckpoint(String jobName) throws IOException, InterruptedException {
    Optional<JobID> job = running(jobName);
    if (job.isEmpty()) {
      return Optional.empty();
    }
    JsonNode restored = get("jobs/" + job.get() + "/checkpoints").path("latest").path("restored");
    return restored.isObject() ? Optional.of(restored.path("id").asLong()) : Optional.empty();
  }

  /** By job name, the checkpoints of every job that is running. */
  public Map<String, Checkpoints> checkpointsOfRunningJobs() throws IOException, InterruptedException {
    Map<String, Checkpoints> byJob = new TreeMap<>();
    for (Map.Entry<String, JobID> job : runningJobs().entrySet()) {
      JsonNode stats = get("jobs/" + job.getValue() + "/checkpoints");
      String failure = stats.path("latest").path("failed").path("failure_message").asText("");
      byJob.put(job.getKey(), new Checkpoints(stats.path("counts").path("completed").asLong(),
          stats.path("counts").path("failed").asLong(),
          Duration.ofMillis(stats.path("summary").path("end_to_end_duration").path("max").asLong()),
          failure.isBlank() ? Optional.empty() : Optional.of(failure.lines().findFirst().orElse(failure))));
    }
    return byJob;
  }

  /** The id of every running job, by name (the cluster runs at most one job of a name). */
  private Map<String, JobID> runningJobs() throws IOException, InterruptedException {
    Map<String, JobID> byName = new TreeMap<>();
    for (JsonNode job : get("jobs/overview").path("jobs")) {
      if (job.path("state").asText().equals("RUNNING")) {
        byName.put(job.path("name").asText(), JobID.fromHexString(job.path("jid").asText()));
      }
    }
    return byName;
  }

  /** Each wanted metric of the job, summed over its subtasks. */
  private Map<String, Long> sums(JobID job, Predicate<String> wanted) throws IOException, InterruptedException {
    Map<String, Long> sums = new TreeMap<>();
    for (JsonNode vertex : get("jobs/" + job).path("vertices")) {
      String subtasks = "jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode available : get(subtasks)) {
        String id = available.path("id").asText();
        if (wanted.test(id)) {
          ids.add(id);
        }
      }
      if (!ids.isEmpty()) {
        for (JsonNode value : get(subtasks + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
          sums.merge(value.path("id").asText(), Math.round(value.path("sum").asDouble()), Long::sum);
        }
      }
    }
    return sums;
  }

  /**
   * Operator metrics are listed as {@code <operator>.<metric>}, the operator's name with the characters
   * a metric name cannot hold replaced (and cut at 80 characters): compared in that form.
   */
  static boolean isOf(String id, String operator, String metric) {
    if (!id.endsWith("." + metric)) {
      return false;
    }
    if (operator == null) {
      return true;
    }
    String listed = comparable(id.substring(0, id.length() - metric.length() - 1));
    String wanted = comparable(operator);
    return listed.equals(wanted) || listed.length() >= 80 && wanted.startsWith(listed);
  }

  private static String comparable(String name) {
    return name.replaceAll("[^A-Za-z0-9]", "_");
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.uri(path)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("Flink REST " + path + " answered " + response.statusCode() + ": "
          + firstErrorLine(response.body()));
    }
    return json.readTree(response.body());
  }

  /** Flink answers {"errors":[...]} with whole stack traces; the first line says what went wrong. */
  private String firstErrorLine(String body) {
    String error;
    try {
      JsonNode errors = json.readTree(body).path("errors");
      error = errors.isArray() && !errors.isEmpty() ? errors.get(0).asText() : body;
    } catch (IOException notJson) {
      error = body;
    }
    return error.lines().findFirst().orElse("").strip();
  }
}
