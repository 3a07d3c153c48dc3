package io.cpchain.anchor.config;

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

class AnchorJobConfigTest {

  @Test
  void aLauncherHandsTheJobExactlyItsConfig() {
    AnchorJobConfig config = AnchorJobConfig.fromArgs("--upload-interval", "2s", "--max-batch", "64",
        "--chain-nodes", "http://n1:7401, http://n2:7402");
    assertEquals(config, AnchorJobConfig.fromArgs(config.toArgs()));
    assertEquals(Duration.ofSeconds(2), config.uploadInterval());
    assertEquals(2, config.chainNodeList().size());
    assertEquals(AnchorJobConfig.fromArgs(), AnchorJobConfig.fromArgs(AnchorJobConfig.fromArgs().toArgs()));
  }

  @Test
  void aMissingUnknownOrMalformedSettingIsOneLineNamingIt() {
    assertEquals("--max-batch needs a value",
        assertThrows(ConfigException.class, () -> AnchorJobConfig.fromArgs("--max-batch")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> AnchorJobConfig.fromArgs("--upload", "1s"))
        .getMessage().startsWith("unknown setting 'upload'; known: [bootstrap-servers, chain-nodes,"));
    assertEquals("max-batch: '-1' is invalid: must be a positive whole number",
        assertThrows(ConfigException.class, () -> AnchorJobConfig.fromArgs("--max-batch", "-1")).getMessage());
  }

  @Test
  void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
    Path file = Path.of("../flink-conf/jobs/anchor.properties");
    Properties shipped = new Properties();
    try (var reader = Files.newBufferedReader(file)) {
      shipped.load(reader);
    }
    AnchorJobConfig.OPTIONS.settings().forEach(setting ->
        assertEquals(setting.defaultValue(), shipped.getProperty(setting.name()), setting.name()));
    assertEquals(AnchorJobConfig.OPTIONS.settings().size(), shipped.size(), "one line per key");
    assertEquals(AnchorJobConfig.fromArgs(),
        AnchorJobConfig.fromArgs("--" + JobOptions.CONFIG_FILE_FLAG, file.toString()), "the file documents the defaults");
  }

  @Test
  void trustedSignersAreAddressesAndABadOneNamesTheSetting() {
    String node = "0x006B9bf7C8779B9D091dC6667350d0db21271022";
    assertEquals(1, AnchorJobConfig.fromArgs("--trusted-signers", node + ", " + node.toLowerCase()).trustedSignerSet().size());
    assertTrue(AnchorJobConfig.fromArgs().trustedSignerSet().isEmpty(), "no default: the job refuses to start");
    assertEquals("trusted-signers: 'node-1' is not an address: an address is 40 hex digits",
        assertThrows(ConfigException.class, () -> AnchorJobConfig.fromArgs("--trusted-signers", "node-1")).getMessage());
  }

  @Test
  void aBadChainNodeNamesTheSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> AnchorJobConfig.fromArgs("--chain-nodes", "n1:7401"));
    assertTrue(e.getMessage().startsWith("chain-nodes: "), e.getMessage());
  }

  @Test
  void aBackOffThatShrinksIsOneClearError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> AnchorJobConfig.fromArgs("--retry-min", "10s", "--retry-max", "1s"));
    assertTrue(e.getMessage().startsWith("retry-max: "), e.getMessage());
  }
}
