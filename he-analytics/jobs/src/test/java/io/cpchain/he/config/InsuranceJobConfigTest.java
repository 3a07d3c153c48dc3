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

class InsuranceJobConfigTest {

  @Test
  void aLauncherHandsTheJobsExactlyTheirConfig() {
    InsuranceJobConfig config = InsuranceJobConfig.fromArgs("--bootstrap-servers", "broker:9092", "--period", "1h",
        "--contribution-window", "10m", "--evaluation-keys", "/keys/insurer.eval", "--insurer", "0xab");
    assertEquals(config, InsuranceJobConfig.fromArgs(config.toArgs()));
    assertEquals(InsuranceJobConfig.fromArgs(), InsuranceJobConfig.fromArgs(InsuranceJobConfig.fromArgs().toArgs()));
    assertEquals(Duration.ofHours(1), config.period());
    assertEquals(Duration.ofDays(1), InsuranceJobConfig.fromArgs().period(), "the issue's default period: one day");
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../../flink-conf/jobs/insurance.properties");
    Properties shipped = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    InsuranceJobConfig.OPTIONS.settings().forEach(setting ->
        assertEquals(setting.defaultValue(), shipped.getProperty(setting.name()), setting.name()));
    assertEquals(InsuranceJobConfig.OPTIONS.settings().size(), shipped.size(), "one line per key");
    assertEquals(InsuranceJobConfig.fromArgs(),
        InsuranceJobConfig.fromArgs("--" + JobOptions.CONFIG_FILE_FLAG, file.toString()),
        "the file documents the defaults");
  }

  @Test
  void aTypoOrAWindowThatDoesNotDivideThePeriodIsRefused() {
    assertThrows(ConfigException.class, () -> InsuranceJobConfig.fromArgs("--perod", "1h"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> InsuranceJobConfig.fromArgs("--period", "1h", "--contribution-window", "7m"));
    assertEquals("the contribution window (PT7M) must divide the period (PT1H)", e.getMessage());
  }

  @Test
  void aMissingUnknownOrMalformedSettingIsOneLineNamingIt() {
    assertEquals("--period needs a value",
        assertThrows(ConfigException.class, () -> InsuranceJobConfig.fromArgs("--period")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> InsuranceJobConfig.fromArgs("--perod", "1h"))
        .getMessage().startsWith("unknown setting 'perod'; known: [bootstrap-servers, chain, checkpoint-interval,"));
    assertEquals("period: 'daily' is invalid: expected a duration such as 500ms, 10s, 5m, 1h or 1d",
        assertThrows(ConfigException.class, () -> InsuranceJobConfig.fromArgs("--period", "daily")).getMessage());
  }
}
