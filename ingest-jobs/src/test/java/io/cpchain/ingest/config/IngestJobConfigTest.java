package io.cpchain.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class IngestJobConfigTest {

  @Test
  void aLauncherHandsTheJobExactlyItsConfig() {
    IngestJobConfig config = IngestJobConfig.fromArgs("--bootstrap-servers", "broker:9092", "--parallelism", "3",
        "--checkpoint-interval", "750ms", "--max-lateness", "2m", "--replay-window", "1024");
    assertEquals(config, IngestJobConfig.fromArgs(config.toArgs()));
    assertEquals(IngestJobConfig.fromArgs(), IngestJobConfig.fromArgs(IngestJobConfig.fromArgs().toArgs()));
    assertEquals(Duration.ofMillis(750), config.checkpointInterval());
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../flink-conf/jobs/ingest.properties");
    Properties shipped = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    IngestJobConfig.OPTIONS.settings().forEach(setting ->
        assertEquals(setting.defaultValue(), shipped.getProperty(setting.name()), setting.name()));
    assertEquals(IngestJobConfig.OPTIONS.settings().size(), shipped.size(), "one line per key");
    IngestJobConfig fromFile = IngestJobConfig.fromArgs("--" + JobOptions.CONFIG_FILE_FLAG, file.toString());
    assertEquals(IngestJobConfig.fromArgs(), fromFile, "the file documents the defaults");
  }

  @Test
  void aMissingUnknownOrMalformedSettingIsOneLineNamingIt() {
    assertEquals("--raw-topic needs a value",
        assertThrows(ConfigException.class, () -> IngestJobConfig.fromArgs("--raw-topic")).getMessage());
    assertEquals("unknown setting 'parralelism'; known: [bootstrap-servers, chain-blocks-per-fetch, chain-genesis,"
        + " chain-max-block-bytes, chain-nodes, chain-poll-interval, chain-request-timeout, chain-retry-max,"
        + " checkpoint-interval, dlq-topic, group-id, kafka-client-properties-file, max-awaiting-bytes,"
        + " max-awaiting-frames, max-awaiting-task-bytes, max-clock-skew, max-frame-bytes, max-lateness, parallelism,"
        + " raw-topic, replay-window,"
        + " transactional-id-prefix, unknown-device-grace, valid-topic]",
        assertThrows(ConfigException.class, () -> IngestJobConfig.fromArgs("--parralelism", "4")).getMessage());
    assertEquals("unknown-device-grace: '6 hours' is invalid: expected a duration such as 500ms, 10s, 5m, 1h or 1d",
        assertThrows(ConfigException.class,
            () -> IngestJobConfig.fromArgs("--unknown-device-grace", "6 hours")).getMessage());
  }
}
