package io.cpchain.encrypt.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.encrypt.TestReadings;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.encrypt.interval.IntervalPlaintext;
import io.cpchain.encrypt.interval.IntervalReader;
import io.cpchain.encrypt.interval.ReadingsCodec;
import io.cpchain.encrypt.state.HeldEpochKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.IntervalManifest;
import io.cpchain.schemas.RejectReason;
import io.cpchain.schemas.ValidReading;
import io.cpchain.storage.ChunkStore;
import io.cpchain.storage.LocalStorageNodes;
import io.cpchain.storage.StorageNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EncryptAndStore}'s state on Flink's keyed broadcast operator test harness, with the harness's
 * processing time, against two real s3proxy storage nodes: an interval whose epoch key does not come is
 * dead-lettered after the wait with its readings whole and leaves no state or timer behind, a key that
 * comes within the wait still gets it encrypted, and the held epoch keys stay bounded over many epochs.
 */
class EncryptAndStoreStateITCase {

  private static final Duration KEY_EPOCH = Duration.ofHours(1);
  private static final long HOUR = KEY_EPOCH.toMillis();
  private static final long WAIT_MS = Duration.ofMinutes(10).toMillis();
  /** Processing time at the start of each test: 5 min into epoch 1000. */
  private static final long T = 1000 * HOUR + 5 * 60_000;

  @TempDir static Path dir;
  private static LocalStorageNodes storage;
  private static EncryptJobConfig config;
  private static Address pipelineNode;

  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private KeyedBroadcastOperatorTestHarness<String, ClosedInterval, EpochKey, IntervalManifest> harness;

  @BeforeAll
  static void startStorage() throws Exception {
    storage = new LocalStorageNodes(dir.resolve("storage"), 2);
    char[] password = "pipeline-node-test-password".toCharArray();
    KeyStore keys = new KeyStore(dir.resolve("keys"), new KeyFile.ScryptParams(1 << 10, 8, 1));
    keys.create("pipeline-node", KeyKind.SECP256K1, password);
    Files.writeString(dir.resolve("keys/pipeline-node.password"), new String(password) + "\n");
    pipelineNode = Address.fromHex(keys.describe("pipeline-node").id());
    config = EncryptJobConfig.fromArgs("--key-epoch", "1h", "--epoch-key-wait", "10m", "--epoch-key-retention", "3h",
        "--epoch-keys-per-device", "6", "--chunk-size", "1024", "--replicas", "2",
        "--storage-nodes", StorageNode.formatList(storage.nodes()),
        "--storage-credentials-file", storage.credentialsFile().toString(),
        "--signing-key-file", dir.resolve("keys/pipeline-node.key").toString(),
        "--signing-key-password-file", dir.resolve("keys/pipeline-node.password").toString());
  }

  @AfterAll
  static void stopStorage() throws Exception {
    storage.close();
  }

  @BeforeEach
  void openHarness() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new EncryptAndStore(config),
        ClosedInterval::deviceId, Types.STRING, EncryptAndStore.EPOCH_KEYS);
    harness.setProcessingTime(T);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void anIntervalWithoutItsKeyIsDeadLetteredAfterTheWaitWithItsReadingsWholeAndItsStateGone() throws Exception {
    List<ValidReading> readings = TestReadings.readings("veh-1", "owner-1", 1000 * HOUR, 40, 100, 1);
    harness.processElement(interval(readings), 0);
    assertEquals(1, waitingDevices(harness));
    assertEquals(1, harness.numProcessingTimeTimers());

    harness.setProcessingTime(T + WAIT_MS - 1);
    assertNull(harness.getSideOutput(EncryptAndStore.DEAD_LETTERS), "not before the wait is over");

    harness.setProcessingTime(T + WAIT_MS);
    List<DeadLetter> letters = deadLetters(harness);
    assertEquals(readings.size(), letters.size(), "one dead letter per reading");
    AvroMessages<ValidReading> messages = AvroMessages.of(ValidReading.class);
    List<ValidReading> kept = new ArrayList<>();
    for (DeadLetter letter : letters) {
      assertEquals(RejectReason.NO_EPOCH_KEY, letter.getReason());
      assertEquals(config.validTopic(), letter.getSourceTopic());
      assertTrue(letter.getDetail().contains(
          "waited epoch-key-wait (10m) for its owner's epoch key owner-1|veh-1|1000"), letter.getDetail());
      kept.add(messages.decode(Bytes.of(letter.getOriginalBytes())));
    }
    assertEquals(ReadingsCodec.inEventTimeOrder(readings), kept, "the readings whole");
    assertEquals(0, waitingDevices(harness), "its keyed state is cleared");
    assertEquals(0, harness.numProcessingTimeTimers(), "and no timer is left");

    harness.processBroadcastElement(certificate("owner-1", "veh-1", 1000), 0);
    assertEquals(List.of(), harness.extractOutputValues(), "a key that comes after the wait writes nothing twice");
  }

  @Test
  void aKeyThatComesWithinTheWaitStillEncryptsTheInterval() throws Exception {
    List<ValidReading> readings = TestReadings.readings("veh-2", "owner-2", 1000 * HOUR + 60_000, 30, 100, 2);
    harness.processElement(interval(readings), 0);
    harness.setProcessingTime(T + WAIT_MS - 1);
    harness.processBroadcastElement(certificate("owner-2", "veh-2", 1000), 0);

    List<IntervalManifest> manifests = harness.extractOutputValues();
    assertEquals(1, manifests.size());
    assertEquals(ReadingsCodec.inEventTimeOrder(readings), readBack(manifests.get(0)));
    assertEquals(0, waitingDevices(harness));

    harness.setProcessingTime(T + 2 * WAIT_MS);
    assertNull(harness.getSideOutput(EncryptAndStore.DEAD_LETTERS), "the written interval's timer finds nothing");
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aTimerRestoredOverdueGivesTheKeySourceTheFullWaitAgain() throws Exception {
    List<ValidReading> readings = TestReadings.readings("veh-3", "owner-3", 1000 * HOUR, 20, 100, 3);
    harness.processElement(interval(readings), 0);
    OperatorSubtaskState checkpoint = harness.snapshot(1, T);

    // The job was down for 2 h: the restored timer is overdue, but the key source has not caught up yet.
    try (KeyedBroadcastOperatorTestHarness<String, ClosedInterval, EpochKey, IntervalManifest> restored =
        new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new EncryptAndStore(config),
            List.of(EncryptAndStore.EPOCH_KEYS)), ClosedInterval::deviceId, Types.STRING, 1, 1, 0)) {
      restored.initializeState(checkpoint);
      restored.open();
      restored.setProcessingTime(T + 2 * HOUR);
      assertNull(restored.getSideOutput(EncryptAndStore.DEAD_LETTERS));
      assertEquals(1, waitingDevices(restored));

      restored.setProcessingTime(T + 2 * HOUR + WAIT_MS - 1);
      restored.processBroadcastElement(certificate("owner-3", "veh-3", 1000), 0);
      assertEquals(ReadingsCodec.inEventTimeOrder(readings), readBack(restored.extractOutputValues().get(0)));
      restored.setProcessingTime(T + 3 * HOUR);
      assertNull(restored.getSideOutput(EncryptAndStore.DEAD_LETTERS));
      assertEquals(0, waitingDevices(restored));
    }
  }

  @Test
  void expiredEpochKeysAreEvictedAndTheHeldKeysStayBoundedOverManyEpochs() throws Exception {
    // 200 hourly epochs; each hour the owners of two devices certify the next hour's key, and a third
    // device is retired after 20 epochs (no more certificates for it).
    int maxHeld = 0;
    for (long epoch = 1000; epoch < 1200; epoch++) {
      harness.setProcessingTime(epoch * HOUR + 1);
      harness.processBroadcastElement(certificate("owner-a", "veh-a", epoch + 1), 0);
      harness.processBroadcastElement(certificate("owner-b", "veh-b", epoch + 1), 0);
      if (epoch < 1020) {
        harness.processBroadcastElement(certificate("owner-c", "veh-retired", epoch + 1), 0);
      }
      maxHeld = Math.max(maxHeld, heldKeys(harness).values().stream().mapToInt(List::size).sum());
    }
    assertEquals(Map.of("veh-a", List.of(1196L, 1197L, 1198L, 1199L, 1200L),
        "veh-b", List.of(1196L, 1197L, 1198L, 1199L, 1200L)), heldKeys(harness),
        "3 h of ended epochs, the current one and the next; the retired device's keys are gone");
    assertTrue(maxHeld <= 15, "at most 5 keys for each of 3 devices at any time, was " + maxHeld);

    // A burst of certificates for far-future epochs pushes out ended epochs, never the current one
    for (long epoch = 1300; epoch < 1320; epoch++) {
      harness.processBroadcastElement(certificate("owner-a", "veh-a", epoch), 0);
    }
    assertEquals(List.of(1199L, 1200L, 1300L, 1301L, 1302L, 1303L), heldKeys(harness).get("veh-a"));

    // An interval of an epoch whose key has been dropped goes to the dead letters at once
    List<ValidReading> old = TestReadings.readings("veh-a", "owner-a", 1100 * HOUR, 10, 100, 4);
    harness.processElement(interval(old), 0);
    List<DeadLetter> letters = deadLetters(harness);
    assertEquals(old.size(), letters.size());
    assertTrue(letters.get(0).getDetail().contains("which ended more than epoch-key-retention (3h) ago"),
        letters.get(0).getDetail());
    assertEquals(0, waitingDevices(harness));
  }

  private static ClosedInterval interval(List<ValidReading> readings) {
    ValidReading first = readings.get(0);
    long start = Math.floorDiv(first.getReading().getEventTimeMs(), 60_000) * 60_000;
    IntervalPlaintext plaintext = IntervalPlaintext.of(readings);
    return new ClosedInterval(first.getDeviceId(), first.getOwnerId(), start, start + 60_000,
        plaintext.readingCount(), plaintext.container(), plaintext.merkleRoot());
  }

  private EpochKey certificate(String ownerId, String device, long epoch) {
    return EpochKeyRecords.of(EpochKeyCertificate.issue(owner, ownerId, device, epoch, KEY_EPOCH), 0);
  }

  private List<ValidReading> readBack(IntervalManifest manifest) throws Exception {
    IntervalReader reader = new IntervalReader(new ChunkStore(storage.stores(), 2), Set.of(pipelineNode));
    return reader.readAsOwner(AvroMessages.of(IntervalManifest.class).encode(manifest), owner);
  }

  private static List<DeadLetter> deadLetters(
      KeyedBroadcastOperatorTestHarness<String, ClosedInterval, EpochKey, IntervalManifest> harness) {
    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> output = harness.getSideOutput(EncryptAndStore.DEAD_LETTERS);
    return output == null ? List.of() : output.stream().map(StreamRecord::getValue).toList();
  }

  private static long waitingDevices(
      KeyedBroadcastOperatorTestHarness<String, ClosedInterval, EpochKey, IntervalManifest> harness) {
    return harness.getOperator().getKeyedStateBackend()
        .getKeys(EncryptAndStore.WAITING.getName(), VoidNamespace.INSTANCE).count();
  }

  private static Map<String, List<Long>> heldKeys(
      KeyedBroadcastOperatorTestHarness<String, ClosedInterval, EpochKey, IntervalManifest> harness) throws Exception {
    BroadcastState<String, List<HeldEpochKey>> state = harness.getBroadcastState(EncryptAndStore.EPOCH_KEYS);
    Map<String, List<Long>> held = new TreeMap<>();
    for (Map.Entry<String, List<HeldEpochKey>> entry : state.entries()) {
      held.put(entry.getKey(), entry.getValue().stream().map(HeldEpochKey::epoch).sorted().toList());
    }
    return held;
  }
}
