package io.cpchain.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.keys.SecretFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

  @TempDir
  Path dir;

  @Test
  void noneMeansNoSettings() {
    assertTrue(new KafkaClientConfig(KafkaClientConfig.NONE).properties().isEmpty());
  }

  @Test
  void securitySettingsAreTakenAsWritten() throws Exception {
    Path file = secret("security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
        + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\""
        + " password=\"p\";\nssl.truststore.location=/etc/kafka/truststore.p12\n");
    Properties settings = new KafkaClientConfig(file.toString()).properties();
    assertEquals(4, settings.size());
    assertEquals("SASL_SSL", settings.getProperty("security.protocol"));
    assertEquals("/etc/kafka/truststore.p12", settings.getProperty("ssl.truststore.location"));
  }

  @Test
  void aSettingThatIsNotSecurityIsRefusedByName() throws Exception {
    Path file = secret("security.protocol=SASL_SSL\nisolation.level=read_uncommitted\nbootstrap.servers=evil:9092\n");
    assertEquals("kafka-client-properties-file " + file + ": not security settings: [bootstrap.servers,"
        + " isolation.level]; it takes security.protocol, sasl.* and ssl.* only (the job's own options set the rest)",
        refusal(file));
  }

  @Test
  void aFileOthersMayReadIsRefused() throws Exception {
    Path file = secret("security.protocol=SASL_SSL\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertEquals("kafka-client-properties-file " + file + ": " + file + " holds a secret but is open to others"
        + " (rw-r--r--); chmod 600 " + file, refusal(file));
  }

  @Test
  void aMissingOrOversizedFileIsOneLine() throws Exception {
    Path missing = dir.resolve("absent.properties");
    assertEquals("kafka-client-properties-file " + missing + ": no such file (a path on the machine that builds"
        + " the job)", refusal(missing));
    Path huge = secret("ssl.x=" + "a".repeat((int) KafkaClientConfig.MAX_FILE_BYTES) + "\n");
    assertEquals("kafka-client-properties-file " + huge + ": larger than 65536 bytes: not a properties file",
        refusal(huge));
  }

  private Path secret(String content) throws Exception {
    Path file = dir.resolve("kafka-" + System.nanoTime() + ".properties");
    SecretFile.create(file, content.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private static String refusal(Path file) {
    return assertThrows(IllegalArgumentException.class, () -> new KafkaClientConfig(file.toString()).properties())
        .getMessage();
  }
}
