package io.cpchain.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigSourceTest {

  private static final ConfigKey<String> TOPIC = ConfigKey.string("topic", "in", "input topic");
  private static final ConfigKey<Integer> PARALLELISM = ConfigKey.positiveInt("parallelism", 2, "tasks");
  private static final ConfigKey<Duration> DELAY = ConfigKey.duration("delay", Duration.ofSeconds(5), "lag");
  private static final List<ConfigKey<?>> KEYS = List.of(TOPIC, PARALLELISM, DELAY);

  @Test
  void defaultsThenFileThenFlags(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "topic = from-file\nparallelism = 3\n");

    JobConfigSource source = JobConfigSource.parse(KEYS,
        new String[] {"--config-file", file.toString(), "--parallelism=4"});

    assertEquals("from-file", source.get(TOPIC));
    assertEquals(4, source.get(PARALLELISM));
    assertEquals(Duration.ofSeconds(5), source.get(DELAY));
  }

  @Test
  void unknownKeyIsRejectedByName() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> JobConfigSource.parse(KEYS, new String[] {"--topik", "x"}));
    assertEquals("unknown setting 'topik'; known: [delay, parallelism, topic]", e.getMessage());
  }

  @Test
  void badValuesSayWhichKeyAndWhy() {
    assertEquals("parallelism: '0' is invalid: must be a positive whole number", assertThrows(ConfigException.class,
        () -> JobConfigSource.parse(KEYS, new String[] {"--parallelism", "0"})).getMessage());
    assertEquals("parallelism: 'two' is invalid: not a number", assertThrows(ConfigException.class,
        () -> JobConfigSource.parse(KEYS, new String[] {"--parallelism", "two"})).getMessage());
    assertEquals("delay: '5 minutes' is invalid: expected a duration such as 500ms, 10s, 5m, 1h or 1d",
        assertThrows(ConfigException.class,
            () -> JobConfigSource.parse(KEYS, new String[] {"--delay", "5 minutes"})).getMessage());
    assertEquals("--topic needs a value", assertThrows(ConfigException.class,
        () -> JobConfigSource.parse(KEYS, new String[] {"--topic"})).getMessage());
    assertEquals("config file not found: nope.properties", assertThrows(ConfigException.class,
        () -> JobConfigSource.parse(KEYS, new String[] {"--config-file", "nope.properties"})).getMessage());
  }

  @Test
  void durationsRoundTripThroughTheirShortestForm() {
    for (String text : List.of("250ms", "10s", "5m", "2h", "1d")) {
      assertEquals(text, Durations.format(Durations.parse(text)));
    }
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
  }
}
