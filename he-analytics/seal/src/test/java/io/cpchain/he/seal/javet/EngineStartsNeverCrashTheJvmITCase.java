package io.cpchain.he.seal.javet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fresh JVMs, each starting four SEAL engines at once ({@link ConcurrentEngineStarts}), with the
 * environment of a stock TaskManager: no JAVET_DISABLE_PKU. Any crash fails: a JVM's exit code, an
 * hs_err file, or a round trip that did not finish.
 */
class EngineStartsNeverCrashTheJvmITCase {

  private static final int JVMS = 10;
  private static final int AT_ONCE = 2;

  @Test
  void tenFreshJvmsEachStartFourEnginesConcurrently(@TempDir Path dir) throws Exception {
    for (int started = 0; started < JVMS; started += AT_ONCE) {
      List<Run> batch = new ArrayList<>();
      for (int i = started; i < Math.min(JVMS, started + AT_ONCE); i++) {
        batch.add(Run.start(dir.resolve("jvm-" + i)));
      }
      for (Run run : batch) {
        run.check();
      }
    }
  }

  private record Run(Path dir, Process process) {

    static Run start(Path dir) throws IOException {
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx512m",
          "-XX:ErrorFile=" + dir.resolve("hs_err_pid%p.log"),
          "-cp", System.getProperty("java.class.path"),
          ConcurrentEngineStarts.class.getName())
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("output.txt").toFile());
      builder.environment().remove("JAVET_DISABLE_PKU");
      return new Run(dir, builder.start());
    }

    void check() throws Exception {
      boolean exited = process.waitFor(3, TimeUnit.MINUTES);
      if (!exited) {
        process.destroyForcibly();
      }
      String output = Files.readString(dir.resolve("output.txt"), StandardCharsets.UTF_8);
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> crashReports = files.filter(f -> f.getFileName().toString().startsWith("hs_err")).toList();
        assertTrue(crashReports.isEmpty(), "the JVM crashed: " + crashReports + "\n" + output);
      }
      assertTrue(exited, "the JVM did not finish within 3 minutes:\n" + output);
      assertEquals(0, process.exitValue(), "exit code of the JVM:\n" + output);
      assertTrue(output.contains(ConcurrentEngineStarts.DONE + ConcurrentEngineStarts.ENGINES), output);
    }
  }
}
