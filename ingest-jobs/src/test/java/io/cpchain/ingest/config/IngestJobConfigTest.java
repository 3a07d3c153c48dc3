package io.cpchain.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.JobConfigSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class IngestJobConfigTest {

  @Test
  void aLauncherHandsTheJobExactlyItsConfig() {
    IngestJobConfig config = IngestJobConfig.fromArgs("--bootstrap-servers", "broker:9092", "--parallelism", "3",
        "--checkpoint-interval", "750ms", "--out-of-orderness", "2m", "--dedup-retention", "1d");
    assertEquals(config, IngestJobConfig.fromArgs(config.toArgs()));
    assertEquals(Duration.ofMillis(750), config.checkpointInterval());
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../flink-conf/jobs/ingest.properties");
    Properties shipped = new Properties();
    try (var reader = java.nio.file.Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    assertEquals(IngestJobConfig.KEYS.size(), shipped.size(), "one line per key");
    IngestJobConfig fromFile =
        IngestJobConfig.fromArgs("--" + JobConfigSource.CONFIG_FILE_FLAG, file.toString());
    assertEquals(IngestJobConfig.fromArgs(), fromFile, "the file documents the defaults");
  }

  @Test
  void aTypoIsNotSilentlyIgnored() {
    assertThrows(ConfigException.class, () -> IngestJobConfig.fromArgs("--parralelism", "4"));
  }
}
