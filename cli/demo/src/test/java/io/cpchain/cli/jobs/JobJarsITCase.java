package io.cpchain.cli.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each job jar as the reactor built it submits to a stock Flink distribution: it carries the Kafka
 * connector and flink-connector-base (neither is in Flink's lib/), not Flink itself, and names its
 * job as its entry point; the he-analytics jar's other jobs are there for {@code flink run -c}.
 */
class JobJarsITCase {

  @ParameterizedTest
  @CsvSource({
      "ingest-jobs, io.cpchain.ingest.job.TelemetryIngestJob",
      "encrypt-jobs/job, io.cpchain.encrypt.job.IntervalEncryptJob",
      "chain-anchor, io.cpchain.anchor.job.AnchorJob",
      "he-analytics/jobs, io.cpchain.he.job.TrafficAggregationJob"})
  void aJobJarCarriesWhatAStockFlinkLacksAndNamesItsJob(String module, String mainClass) throws Exception {
    try (JarFile jar = new JarFile(jobJar(module).toFile())) {
      assertEquals(mainClass, jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertNotNull(jar.getEntry(classFile(mainClass)), mainClass);
      for (String carried : List.of("org.apache.flink.connector.base.source.reader.SourceReaderBase",
          "org.apache.flink.connector.kafka.source.KafkaSource")) {
        assertNotNull(jar.getEntry(classFile(carried)), module + " carries " + carried);
      }
      assertNull(jar.getEntry(classFile("org.apache.flink.streaming.api.environment.StreamExecutionEnvironment")),
          "Flink itself is the cluster's");
      if (module.startsWith("he-analytics")) {
        for (String job : List.of("TrafficContributionJob", "InsuranceContributionJob", "InsuranceScoringJob")) {
          assertNotNull(jar.getEntry(classFile("io.cpchain.he.job." + job)), job + " for flink run -c");
        }
      }
    }
  }

  private static String classFile(String className) {
    return className.replace('.', '/') + ".class";
  }

  /** The module's {@code target/*-job.jar}, from cli/demo's directory (where Maven runs this test). */
  private static Path jobJar(String module) throws Exception {
    Path target = Path.of("../..", module, "target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().endsWith("-job.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no job jar in " + target));
    }
  }
}
