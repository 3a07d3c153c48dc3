package io.cpchain.he.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.JobOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TrafficJobConfigTest {

  @Test
  void aLauncherHandsTheJobsExactlyTheirConfig() {
    TrafficJobConfig config = TrafficJobConfig.fromArgs("--bootstrap-servers", "broker:9092", "--window", "15m",
        "--public-key", "/keys/analytics.pub", "--checkpoint-interval", "750ms");
    assertEquals(config, TrafficJobConfig.fromArgs(config.toArgs()));
    assertEquals(TrafficJobConfig.fromArgs(), TrafficJobConfig.fromArgs(TrafficJobConfig.fromArgs().toArgs()));
    assertEquals(Duration.ofMinutes(15), config.window());
    assertEquals(Duration.ofMinutes(5), TrafficJobConfig.fromArgs().window(), "the issue's default window");
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../../flink-conf/jobs/he-traffic.properties");
    Properties shipped = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    TrafficJobConfig.OPTIONS.settings().forEach(setting ->
        assertEquals(setting.defaultValue(), shipped.getProperty(setting.name()), setting.name()));
    assertEquals(TrafficJobConfig.OPTIONS.settings().size(), shipped.size(), "one line per key");
    assertEquals(TrafficJobConfig.fromArgs(),
        TrafficJobConfig.fromArgs("--" + JobOptions.CONFIG_FILE_FLAG, file.toString()),
        "the file documents the defaults");
  }

  @Test
  void aTypoIsNotSilentlyIgnored() {
    assertThrows(ConfigException.class, () -> TrafficJobConfig.fromArgs("--windw", "1m"));
  }

  @Test
  void aMissingUnknownOrMalformedSettingIsOneLineNamingIt() {
    assertEquals("--window needs a value",
        assertThrows(ConfigException.class, () -> TrafficJobConfig.fromArgs("--window")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> TrafficJobConfig.fromArgs("--windw", "1h"))
        .getMessage().startsWith("unknown setting 'windw'; known: [aggregation-delay, bootstrap-servers,"));
    assertEquals("window: '5' is invalid: expected a duration such as 500ms, 10s, 5m, 1h or 1d",
        assertThrows(ConfigException.class, () -> TrafficJobConfig.fromArgs("--window", "5")).getMessage());
  }
}
