package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpchain.cli.share.LocalProxies;
import io.cpchain.cli.stack.FreePorts;
import io.cpchain.cli.stack.StackConfig;
import io.cpchain.storage.StorageCredentials;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/cpchain as a user runs it: the demo brings up the real stack (Kafka, storage nodes, Flink,
 * the 4 chain nodes, the 3 proxies, each a process), runs the ingest job and must balance; then {@code up} again is harmless, each
 * storage node answers S3 on its own store, a port already taken is one clear line, and
 * {@code down} stops everything. Between them, the fault suite's reduced set runs on the same stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoITCase {

  @TempDir static Path workDir;
  private static List<String> stackArgs;
  private static int storageBasePort;

  @BeforeAll
  static void choosePorts() throws IOException {
    System.setProperty("cpchain.home", Path.of("../..").toAbsolutePath().normalize().toString());
    int kafka = FreePorts.range(2);
    int storage = FreePorts.range(4);
    storageBasePort = storage;
    int flink = FreePorts.range(1);
    // peer and API ports of the chain, and the proxies' ports above them
    int chain = FreePorts.range(LocalProxies.PORT_OFFSET + LocalProxies.COUNT);
    stackArgs = List.of("--work-dir", workDir.toString(), "--kafka-port", Integer.toString(kafka),
        "--storage-port", Integer.toString(storage), "--flink-port", Integer.toString(flink),
        "--chain-port", Integer.toString(chain));
  }

  @AfterAll
  static void down() {
    assertEquals(0, run("down").exitCode());
  }

  @Test
  @Order(1)
  void theDemoRunsEndToEndAndBalances() throws Exception {
    // Long enough for a 10 s traffic window to pass both jobs (window, out-of-orderness, aggregation delay).
    CliRun result = run("demo", "--devices", "40", "--rate", "200", "--duration", "60s", "--bad-rate", "0.05",
        "--json");
    assertEquals(0, result.exitCode(), result.out() + result.err());
    JsonNode summary = result.lastJson();
    assertTrue(summary.get("balanced").asBoolean(), result.out());
    assertEquals(12_000, summary.get("produced_frames").asLong());
    assertEquals(summary.get("expected_valid_readings").asLong(), summary.get("valid_readings").asLong());
    assertEquals(summary.get("injected"), summary.get("dlq"));
    assertTrue(summary.get("dlq").size() >= 6, "most kinds of bad input were injected: " + summary.get("dlq"));
    assertTrue(result.out().contains("valid") && result.out().contains("readings/s"), "live progress lines");

    assertTrue(summary.get("intervals").asLong() >= 40, "at least one closed interval per vehicle: " + summary);
    assertTrue(summary.get("chunks").asLong() >= summary.get("intervals").asLong());
    assertTrue(summary.get("stored_bytes").asLong() >= 2 * summary.get("plaintext_bytes").asLong(),
        "every chunk stored twice");
    assertTrue(summary.get("roundtrip_ok").asBoolean(), "the owner reads back what was ingested: " + result.out());

    // The anchoring stage covers every manifest on the topic when it runs: this run's, and any interval
    // that closed after the encryption stage counted.
    assertTrue(summary.get("anchored_manifests").asLong() >= summary.get("intervals").asLong(),
        "every manifest of the run anchored: " + summary);
    assertEquals(summary.get("anchored_manifests").asLong(), summary.get("verified_intervals").asLong(),
        "every anchored interval verified against the chain and storage");
    assertTrue(summary.get("tamper_detected").asBoolean(), "an altered manifest and chunk are caught");

    assertEquals(1, summary.get("grants").asInt(), "the owner granted the analyst part of a vehicle's data: " + summary);
    assertTrue(summary.get("shared_intervals_opened").asLong() >= 1, "the analyst opened the granted intervals");
    assertTrue(summary.get("share_matches_owner").asBoolean(), "the analyst sees what the owner sees: " + result.out());
    assertTrue(summary.get("out_of_scope_denied").asBoolean(), "an interval outside the grant is refused");
    assertTrue(summary.get("revoked_denied").asBoolean(), "a fetch after the revocation is refused");

    assertTrue(summary.get("he_windows").asLong() >= 1, "an encrypted traffic window closed: " + summary);
    assertTrue(summary.get("he_contributions").asLong() >= 40, "every vehicle contributed: " + summary);
    assertTrue(summary.get("he_matches_plaintext").asBoolean(), "decrypted aggregates equal plaintext: " + result.out());

    assertTrue(summary.get("insurance_scores").asLong() >= 1, "a period of consenting drivers scored: " + summary);
    assertTrue(summary.get("insurance_matches_plaintext").asBoolean(), "scores equal the plaintext model: " + result.out());
    assertTrue(summary.get("insurance_max_abs_error").asDouble() <= 1e-3, summary.toString());

    assertEquals(3, summary.get("market_listings").asInt(), "three sellers' listings on both Market servers: " + summary);
    assertTrue(summary.get("market_search_first_hit_ok").asBoolean(), "the buyer's question finds its listing first: "
        + result.out());
    assertTrue(summary.get("market_servers_agree").asBoolean(), "two Market servers answer alike: " + result.out());
    assertEquals(1, summary.get("orders_completed").asInt(), "the buyer ordered, the seller accepted, the buyer confirmed");
    assertTrue(summary.get("escrow_balanced").asBoolean(), "every unit of the order accounted for: " + result.out());

    // Every stage was checked and accounts for every record: out or dead-lettered with its reason.
    JsonNode stages = summary.get("stages");
    assertEquals(List.of("ingest", "encrypt", "anchor", "sharing", "traffic", "insurance", "market"),
        iterableToList(stages.fieldNames()), summary.toString());
    stages.fields().forEachRemaining(stage -> {
      JsonNode b = stage.getValue();
      assertTrue(b.get("checked").asBoolean() && b.get("balanced").asBoolean(), stage.getKey() + ": " + b);
      assertEquals(b.get("in").asLong(), b.get("out").asLong() + b.get("dead_lettered").asLong(), stage.getKey());
      assertTrue(b.get("out").asLong() > 0, stage.getKey() + ": " + b);
    });
    assertTrue(summary.get("ok").asBoolean(), result.out());
    assertTrue(result.out().contains("== stages"), "the stage table is printed");
  }

  /**
   * The fault suite's reduced set on the demo's running stack: the Flink process killed (kill -9) while the
   * fleet drives, restarted, every job resumed from its newest retained checkpoint; then every stage must
   * balance against the simulator's ground truth, with nothing lost or duplicated and no fork.
   */
  @Test
  @Order(2)
  void theFlinkProcessKilledMidStreamLosesAndDuplicatesNothing() throws Exception {
    CliRun result = run("chaos", "--faults", "flink", "--devices", "40", "--rate", "200", "--duration", "30s",
        "--bad-rate", "0.05", "--json");
    JsonNode summary = result.lastJson();
    assertEquals(0, result.exitCode(), result.out() + result.err());
    JsonNode flink = summary.get("faults").get(0);
    assertEquals("flink", flink.get("name").asText());
    assertTrue(flink.get("detected").asBoolean() && flink.get("recovered").asBoolean(), flink.toString());
    assertEquals(0, flink.get("lost").asLong(), flink.toString());
    assertEquals(0, flink.get("duplicated").asLong(), flink.toString());
    assertTrue(!flink.get("fork").asBoolean() && flink.get("invariants_ok").asBoolean(), flink.toString());
    assertTrue(summary.get("ok").asBoolean(), result.out());
    assertTrue(result.out().contains("== chaos"), "the suite's table is printed");
  }

  private static List<String> iterableToList(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  @Test
  @Order(3)
  void upTwiceIsHarmless() {
    CliRun result = run("up");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("already up"), result.out());
    assertEquals(0, run("status").exitCode());
  }

  @Test
  @Order(4)
  void everyStorageNodeIsAnS3ServerWithItsOwnStore() throws Exception {
    byte[] chunk = "an encrypted chunk, content addressed".getBytes(StandardCharsets.UTF_8);
    StorageCredentials credentials = StackConfig.load(workDir).storageCredentials();
    for (int node = 0; node < 4; node++) {
      MinioClient s3 = MinioClient.builder().endpoint("http://127.0.0.1:" + (storageBasePort + node))
          .credentials(credentials.accessKey(), credentials.secretKey()).build();
      String bucket = "node-check";
      assertTrue(!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()),
          "node " + node + " does not see another node's buckets");
      s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      s3.putObject(PutObjectArgs.builder().bucket(bucket).object("chunk-" + node).data(chunk, chunk.length).build());
      try (var in = s3.getObject(GetObjectArgs.builder().bucket(bucket).object("chunk-" + node).build())) {
        assertArrayEquals(chunk, in.readAllBytes());
      }
    }
  }

  @Test
  @Order(5)
  void aPortAlreadyTakenIsOneClearLine(@TempDir Path otherWorkDir) {
    List<String> args = new ArrayList<>(stackArgs);
    args.set(1, otherWorkDir.toString()); // another stack on the same ports
    CliRun result = runWith(args, "up");
    assertEquals(2, result.exitCode());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertTrue(result.err().contains("is already in use"), result.err());
  }

  private static CliRun run(String command, String... options) {
    return runWith(stackArgs, command, options);
  }

  private static CliRun runWith(List<String> stack, String command, String... options) {
    return CliRun.of(stack, command, options);
  }

  /** Ranges handed out already: none is bound before the stack starts, so they must not overlap. */
}
