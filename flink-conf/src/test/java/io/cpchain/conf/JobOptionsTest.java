package io.cpchain.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobOptionsTest {

  record SampleConfig(
      @Option(name = "topic", defaultValue = "in", description = "input topic") String topic,
      @Option(name = "parallelism", defaultValue = "2", description = "tasks") int parallelism,
      @Option(name = "retention", defaultValue = "1000", description = "records kept") long retention,
      @Option(name = "delay", defaultValue = "5s", description = "lag") Duration delay,
      @Option(name = "strict", defaultValue = "false", description = "fail on late input") boolean strict,
      @Option(name = "password", defaultValue = "changeme", description = "broker password", secret = true)
      String password) {

    SampleConfig {
      if (retention < parallelism) {
        throw new ConfigException("retention: must not be less than parallelism");
      }
    }
  }

  record Undeclared(@Option(name = "a", defaultValue = "1", description = "a") int a, int b) {}

  record BadDefault(@Option(name = "wait", defaultValue = "soon", description = "wait") Duration pause) {}

  record SharedSettings(@Option(name = "shared-url", defaultValue = "http://a", description = "where") String url,
      @Option(name = "shared-key", defaultValue = "k", description = "key", secret = true) String key) {}

  record GroupedConfig(@Option(name = "topic", defaultValue = "in", description = "input topic") String topic,
      @OptionGroup SharedSettings shared) {}

  private static final JobOptions<SampleConfig> OPTIONS = JobOptions.of(SampleConfig.class);

  @Test
  void aGroupsSettingsAreTheJobsOwnInFlagsArgumentsAndListing() {
    JobOptions<GroupedConfig> grouped = JobOptions.of(GroupedConfig.class);
    assertEquals(List.of("topic", "shared-url", "shared-key"), grouped.settings().stream().map(Setting::name).toList());
    GroupedConfig config = grouped.parse("--shared-url", "http://b", "--topic", "t");
    assertEquals(new GroupedConfig("t", new SharedSettings("http://b", "k")), config);
    assertEquals(config, grouped.parse(grouped.toArgs(config)));
    assertEquals("GroupedConfig[topic=t, shared=SharedSettings[url=http://b, key=***]]", grouped.toString(config));
  }

  @Test
  void defaultsThenFileThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "topic = from-file\nparallelism = 3\n");

    SampleConfig config = OPTIONS.parse("--config-file", file.toString(), "--parallelism=4");

    assertEquals(new SampleConfig("from-file", 4, 1000, Duration.ofSeconds(5), false, "changeme"), config);
  }

  @Test
  void everyTypeRoundTripsThroughItsArguments() {
    SampleConfig config = OPTIONS.parse("--topic", "t", "--parallelism", "7", "--retention", "5000000000",
        "--delay", "250ms", "--strict", "true", "--password", "p");
    assertEquals(config, OPTIONS.parse(OPTIONS.toArgs(config)));
    assertEquals(List.of("--topic", "t", "--parallelism", "7", "--retention", "5000000000", "--delay", "250ms",
        "--strict", "true", "--password", "p"), List.of(OPTIONS.toArgs(config)));
  }

  @Test
  void theListingIsTheDeclarations() {
    Setting delay = OPTIONS.settings().get(3);
    assertEquals(List.of("topic", "parallelism", "retention", "delay", "strict", "password"),
        OPTIONS.settings().stream().map(Setting::name).toList());
    assertEquals("5s", delay.defaultValue());
    assertEquals("lag", delay.description());
  }

  @Test
  void unknownSettingIsRejectedByName() {
    ConfigException e = assertThrows(ConfigException.class, () -> OPTIONS.parse("--topik", "x"));
    assertEquals("unknown setting 'topik'; known: [delay, parallelism, password, retention, strict, topic]",
        e.getMessage());
  }

  @Test
  void badValuesSayWhichSettingAndWhy() {
    assertEquals("parallelism: '0' is invalid: must be a positive whole number", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--parallelism", "0")).getMessage());
    assertEquals("parallelism: 'two' is invalid: not a number", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--parallelism", "two")).getMessage());
    assertEquals("delay: '5 minutes' is invalid: expected a duration such as 500ms, 10s, 5m, 1h or 1d",
        assertThrows(ConfigException.class, () -> OPTIONS.parse("--delay", "5 minutes")).getMessage());
    assertEquals("strict: 'yes' is invalid: must be true or false", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--strict", "yes")).getMessage());
    assertEquals("topic: ' ' is invalid: must not be empty", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--topic", " ")).getMessage());
    assertEquals("--topic needs a value", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--topic")).getMessage());
    assertEquals("--topic given twice", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--topic", "a", "--topic", "b")).getMessage());
    assertEquals("unexpected argument 'topic'; settings are given as --name value", assertThrows(
        ConfigException.class, () -> OPTIONS.parse("topic", "a")).getMessage());
    assertEquals("config file not found: nope.properties (it is read where the job's main() runs: the machine that"
        + " runs flink run, or the JobManager for a REST submission; give a path there, or each setting as"
        + " --name value)", assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--config-file", "nope.properties")).getMessage());
  }

  @Test
  void theRecordsOwnCheckComesThroughAsItIs() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> OPTIONS.parse("--parallelism", "8", "--retention", "4"));
    assertEquals("retention: must not be less than parallelism", e.getMessage());
  }

  @Test
  void secretsStayOutOfToString() {
    String printed = OPTIONS.toString(OPTIONS.parse("--password", "s3cr3t"));
    assertFalse(printed.contains("s3cr3t"), printed);
    assertTrue(printed.startsWith("SampleConfig[topic=in, parallelism=2,"), printed);
    assertTrue(printed.endsWith("password=***]"), printed);
  }

  @Test
  void aWrongDeclarationFailsWhenTheRecordIsBound() {
    assertEquals("Undeclared.b has no @Option: every component of a job config is a setting",
        assertThrows(IllegalStateException.class, () -> JobOptions.of(Undeclared.class)).getMessage());
    assertTrue(assertThrows(IllegalStateException.class, () -> JobOptions.of(BadDefault.class)).getMessage()
        .startsWith("BadDefault.pause: the declared default does not parse: wait: 'soon' is invalid"));
  }

  @Test
  void durationsRoundTripThroughTheirShortestForm() {
    for (String text : List.of("250ms", "10s", "5m", "2h", "1d")) {
      assertEquals(text, Durations.format(Durations.parse(text)));
    }
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
  }
}
