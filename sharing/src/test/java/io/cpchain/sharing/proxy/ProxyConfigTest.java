package io.cpchain.sharing.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.AccountPrivateKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyConfigTest {

  @TempDir Path dir;

  @Test
  void theLaidOutYamlReadsBackWithItsChainLagAndTheDefaults() throws Exception {
    Path file = write(ProxyConfig.yaml("proxy-1", "account.key", "sealing.key", "password", "127.0.0.1:7501",
        URI.create("http://127.0.0.1:7401"), List.of(AccountPrivateKey.generate().publicKey().address()), "data",
        Duration.ofSeconds(3)));
    ProxyConfig config = ProxyConfig.read(file);
    assertEquals(Duration.ofSeconds(3), config.maxChainLag());
    assertEquals(Duration.ofMinutes(5), config.requestMaxAge());
    assertEquals(100, config.deposit());
  }

  @Test
  void withoutMaxChainLagMsTheDefaultBoundHolds() throws Exception {
    String yaml = ProxyConfig.yaml("proxy-1", "account.key", "sealing.key", "password", "127.0.0.1:7501",
        URI.create("http://127.0.0.1:7401"), List.of(AccountPrivateKey.generate().publicKey().address()), "data",
        Duration.ofSeconds(3)).replaceFirst("maxChainLagMs: 3000\n", "");
    assertEquals(ProxyConfig.DEFAULT_MAX_CHAIN_LAG, ProxyConfig.read(write(yaml)).maxChainLag());
    assertEquals(Duration.ofSeconds(10), ProxyConfig.DEFAULT_MAX_CHAIN_LAG);
  }

  @Test
  void anUnknownKeyIsRefused() throws Exception {
    String yaml = ProxyConfig.yaml("proxy-1", "account.key", "sealing.key", "password", "127.0.0.1:7501",
        URI.create("http://127.0.0.1:7401"), List.of(AccountPrivateKey.generate().publicKey().address()), "data",
        Duration.ofSeconds(3)) + "maxChainLag: 3000\n";
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ProxyConfig.read(write(yaml)));
    assertTrue(refused.getMessage().contains("maxChainLag"), refused.getMessage());
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(dir.resolve("proxy.yaml"), yaml);
  }
}
