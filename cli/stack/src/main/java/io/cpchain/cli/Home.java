package io.cpchain.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project checkout bin/cpchain runs from: where the cluster config and the job jars are. */
public final class Home {

  private Home() {}

  public static Path path(String relative) {
    String home = System.getProperty("cpchain.home", ".");
    return Path.of(home).toAbsolutePath().normalize().resolve(relative);
  }

  /**
   * The job jar a module builds, by the module's directory: {@code <dir>/target/<artifactId>-<version>-job.jar}
   * ({@code "ingest-jobs"}, or a nested module such as {@code "he-analytics/jobs"}).
   */
  public static Path jobJar(String moduleDir) {
    Path target = path(moduleDir + "/target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no job jar in " + target + "; build with mvn -B install -DskipTests"));
    } catch (IOException e) {
      throw new UncheckedIOException("no job jar in " + target + "; build with mvn -B install -DskipTests", e);
    }
  }
}
