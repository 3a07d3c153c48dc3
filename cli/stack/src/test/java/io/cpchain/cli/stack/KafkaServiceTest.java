package io.cpchain.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import kafka.tools.StorageTool;
import net.sourceforge.argparse4j.inf.Namespace;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** The storage format command as Kafka's own argument parser reads it. */
class KafkaServiceTest {

  private static final Path CONFIG = Path.of("/tmp/server.properties");

  @Test
  void everyDrawnClusterIdReachesTheStorageToolIntact() {
    for (int i = 0; i < 10_000; i++) {
      String id = Uuid.randomUuid().toString();
      assertFalse(id.startsWith("-"), id);
      Namespace parsed = StorageTool.parseArguments(KafkaService.formatArguments(id, CONFIG).toArray(String[]::new));
      assertEquals(id, parsed.getString("cluster_id"));
      assertEquals(CONFIG.toString(), parsed.getString("config"));
    }
  }

  @Test
  void anIdThatBeginsWithADashIsNotTakenForAnOption() {
    // One start in 64 drew such an id before, and "-t ID" then failed with "expected one argument".
    String id = "-Wq8kU2bRnK0xYc9dL1aPg";
    Namespace parsed = StorageTool.parseArguments(KafkaService.formatArguments(id, CONFIG).toArray(String[]::new));
    assertEquals(id, parsed.getString("cluster_id"));
  }
}
