package io.cpchain.encrypt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.conf.ConfigException;
import io.cpchain.conf.JobOptions;
import io.cpchain.encrypt.interval.IntervalWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EncryptJobConfigTest {

  @Test
  void aLauncherHandsTheJobExactlyItsConfig() {
    EncryptJobConfig config = EncryptJobConfig.fromArgs("--bootstrap-servers", "broker:9092", "--interval", "5m",
        "--key-epoch", "6h", "--chunk-size", "65536", "--replicas", "3", "--storage-nodes",
        "a=http://s1:9000,b=http://s2:9000,c=http://s3:9000");
    assertEquals(config, EncryptJobConfig.fromArgs(config.toArgs()));
    assertEquals(Duration.ofMinutes(5), config.interval());
    assertEquals(Duration.ofHours(6), config.keyEpoch());
    assertEquals(EncryptJobConfig.fromArgs(), EncryptJobConfig.fromArgs(EncryptJobConfig.fromArgs().toArgs()));
    assertEquals(Duration.ofDays(1), EncryptJobConfig.fromArgs().keyEpoch(), "one key per device and day by default");
    assertEquals(IntervalWriter.DEFAULT_KEY_EPOCH, EncryptJobConfig.fromArgs().keyEpoch());
    assertEquals(3, config.storageNodeList().size());
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../../flink-conf/jobs/encrypt.properties"); // the job module is nested in encrypt-jobs/
    Properties shipped = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    EncryptJobConfig.OPTIONS.settings().forEach(setting ->
        assertEquals(setting.defaultValue(), shipped.getProperty(setting.name()), setting.name()));
    assertEquals(EncryptJobConfig.OPTIONS.settings().size(), shipped.size(), "one line per key");
    assertEquals(EncryptJobConfig.fromArgs(),
        EncryptJobConfig.fromArgs("--" + JobOptions.CONFIG_FILE_FLAG, file.toString()), "the file documents the defaults");
  }

  @Test
  void moreReplicasThanStorageNodesIsOneClearError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> EncryptJobConfig.fromArgs("--replicas", "5"));
    assertTrue(e.getMessage().startsWith("replicas: 5 copies need as many storage nodes"), e.getMessage());
  }

  @Test
  void aZeroKeyEpochNamesTheSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--key-epoch", "0s"));
    assertEquals("key-epoch: must be at least 1 ms", e.getMessage());
  }

  @Test
  void theBoundsOnWaitingAndHeldKeysAreCheckedWithOneLineNamingTheSetting() {
    assertEquals(Duration.ofMinutes(10), EncryptJobConfig.fromArgs().epochKeyWait());
    assertEquals("epoch-key-wait: must be at least 1 ms",
        assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--epoch-key-wait", "0s")).getMessage());
    assertEquals("epoch-key-retention: must be at least interval + out-of-orderness (70s), how long after its"
        + " epoch ends the epoch's last interval closes", assertThrows(ConfigException.class,
            () -> EncryptJobConfig.fromArgs("--epoch-key-retention", "1m")).getMessage());
    assertEquals("epoch-keys-per-device: '0' is invalid: must be a positive whole number",
        assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--epoch-keys-per-device", "0"))
            .getMessage());
  }

  @Test
  void aMalformedStorageNodeListNamesTheSetting() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> EncryptJobConfig.fromArgs("--storage-nodes", "node-0"));
    assertTrue(e.getMessage().startsWith("storage-nodes: "), e.getMessage());
  }

  @Test
  void aMissingUnknownOrMalformedSettingIsOneLineNamingIt() {
    assertEquals("--interval needs a value",
        assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--interval")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--intervall", "1m"))
        .getMessage().startsWith("unknown setting 'intervall'; known: [bootstrap-servers, chain-blocks-per-fetch, chain-genesis,"));
    assertEquals("chunk-size: '1MB' is invalid: not a number",
        assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--chunk-size", "1MB")).getMessage());
  }

  /** The storage secret is read from a file on the task managers: no setting takes it inline. */
  @Test
  void theStorageSecretIsNoSetting() {
    assertTrue(assertThrows(ConfigException.class, () -> EncryptJobConfig.fromArgs("--storage-secret-key", "s3cr3t"))
        .getMessage().startsWith("unknown setting 'storage-secret-key'"));
  }
}
