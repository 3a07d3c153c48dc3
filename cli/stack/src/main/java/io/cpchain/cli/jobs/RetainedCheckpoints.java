package io.cpchain.cli.jobs;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local cluster's jobs and their retained checkpoints, by job name. The cluster keeps checkpoints
 * under {@code <checkpoints>/<job id>/chk-<n>} (retained on cancellation and on a crash), but a
 * restarted cluster has forgotten its jobs. This records how each job was submitted and the ids it ran
 * as, so that after the cluster died every job is submitted again from its newest complete checkpoint,
 * with its state (dedup sets, open windows, intervals waiting for keys) and its source offsets, instead
 * of starting empty.
 */
public final class RetainedCheckpoints {

  /** How many earlier submissions of a name are remembered. */
  static final int REMEMBERED_SUBMISSIONS = 8;

  private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
  /** Flink writes a checkpoint's metadata last: a directory without it is incomplete. */
  private static final String METADATA = "_metadata";
  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** How a job was submitted, and the ids it ran as, newest first. */
  public record Submission(String jobName, Path jar, String mainClass, List<String> args, int parallelism,
      List<String> ids) {}

  private final Path checkpoints;
  private final Path submissions;

  /**
   * @param checkpoints the cluster's {@code execution.checkpointing.dir}
   * @param submissions where each job name's submission is recorded
   */
  public RetainedCheckpoints(Path checkpoints, Path submissions) {
    this.checkpoints = checkpoints;
    this.submissions = submissions;
  }

  /** Records that {@code jobName} now runs as {@code jobId}, submitted from this jar with these arguments. */
  public void recordSubmitted(String jobName, Path jar, String mainClass, List<String> args, int parallelism,
      String jobId) {
    List<String> ids = new ArrayList<>(submission(jobName).map(Submission::ids).orElse(List.of()));
    ids.remove(jobId);
    ids.add(0, jobId);
    Properties p = new Properties();
    p.setProperty("jar", jar.toAbsolutePath().toString());
    p.setProperty("main-class", mainClass);
    p.setProperty("parallelism", Integer.toString(parallelism));
    p.setProperty("args.count", Integer.toString(args.size()));
    for (int i = 0; i < args.size(); i++) {
      p.setProperty("args." + i, args.get(i));
    }
    p.setProperty("ids", String.join(",", ids.subList(0, Math.min(ids.size(), REMEMBERED_SUBMISSIONS))));
    Path file = file(jobName);
    try {
      Files.createDirectories(submissions);
      Path temp = Files.createTempFile(submissions, ".submitted", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp)) {
        p.store(out, "how " + jobName + " was submitted, and the job ids it ran as, newest first");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the submission of " + jobName + " in " + file, e);
    }
  }

  /** Every recorded job, by name. */
  public List<Submission> submissions() {
    if (!Files.isDirectory(submissions)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(submissions)) {
      return files.map(f -> f.getFileName().toString()).filter(name -> JOB_NAME.matcher(name).matches())
          .sorted().map(this::submission).flatMap(Optional::stream).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + submissions, e);
    }
  }

  /**
   * The newest complete checkpoint of the newest submission of {@code jobName} that has one. A submission
   * with none completed none, and so committed no output: the one before it is where the job's state is.
   */
  public Optional<Path> latest(String jobName) {
    for (String id : submission(jobName).map(Submission::ids).orElse(List.of())) {
      Optional<Path> newest = newestComplete(checkpoints.resolve(id));
      if (newest.isPresent()) {
        return newest;
      }
    }
    return Optional.empty();
  }

  /** The file that records {@code jobName}: without it, the job is submitted empty. */
  public Path file(String jobName) {
    if (!JOB_NAME.matcher(jobName).matches()) {
      throw new IllegalArgumentException("job name '" + jobName + "' is not a file name");
    }
    return submissions.resolve(jobName);
  }

  private Optional<Submission> submission(String jobName) {
    Path file = file(jobName);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
      int count = Integer.parseInt(p.getProperty("args.count", "0"));
      List<String> args = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        args.add(p.getProperty("args." + i, ""));
      }
      List<String> ids = Arrays.stream(p.getProperty("ids", "").split(",")).map(String::strip)
          .filter(id -> !id.isEmpty()).toList();
      return Optional.of(new Submission(jobName, Path.of(p.getProperty("jar", "")), p.getProperty("main-class", ""),
          List.copyOf(args), Integer.parseInt(p.getProperty("parallelism", "1")), ids));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); delete it to submit " + jobName
          + " empty next time", e);
    }
  }

  private static Optional<Path> newestComplete(Path jobDir) {
    if (!Files.isDirectory(jobDir)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jobDir)) {
      return dirs.filter(dir -> CHECKPOINT_DIR.matcher(dir.getFileName().toString()).matches())
          .filter(dir -> Files.isRegularFile(dir.resolve(METADATA)))
          .max(Comparator.comparingLong(RetainedCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + jobDir, e);
    }
  }

  private static long number(Path checkpointDir) {
    Matcher matcher = CHECKPOINT_DIR.matcher(checkpointDir.getFileName().toString());
    matcher.matches();
    return Long.parseLong(matcher.group(1));
  }
}
