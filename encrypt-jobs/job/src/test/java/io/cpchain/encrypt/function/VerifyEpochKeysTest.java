package io.cpchain.encrypt.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.encrypt.chain.ChainIdentity;
import io.cpchain.encrypt.config.EncryptJobConfig;
import io.cpchain.encrypt.interval.EpochKeyRecords;
import io.cpchain.schemas.DeadLetter;
import io.cpchain.schemas.EpochKey;
import io.cpchain.schemas.RejectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain and the certificates meeting per owner, in processing time, with no cluster. */
class VerifyEpochKeysTest {

  private static final Duration KEY_EPOCH = Duration.ofHours(1);
  /** Processing time at the start of each test: in epoch 1000. */
  private static final long T = 1000 * KEY_EPOCH.toMillis() + 60_000;
  private static final long WAIT_MS = Duration.ofMinutes(2).toMillis();
  private static final EncryptJobConfig CONFIG = EncryptJobConfig.fromArgs("--key-epoch", "1h",
      "--epoch-key-retention", "3h", "--epoch-key-chain-wait", "2m", "--epoch-keys-awaiting-chain", "2");

  private final String ownerId = AccountPrivateKey.generate().publicKey().address().toHex();
  private final UmbralSecretKey root = UmbralSecretKey.generate();
  private KeyedTwoInputStreamOperatorTestHarness<String, ChainIdentity, EpochKey, EpochKey> harness;

  @BeforeEach
  void openHarness() throws Exception {
    harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new VerifyEpochKeys(CONFIG)),
        ChainIdentity::ownerId, EpochKey::getOwnerId, Types.STRING);
    harness.open();
    harness.setProcessingTime(T);
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  @Test
  void certificatesThatComeBeforeTheirOwnerOnTheChainWaitAndAreTakenWhenItComes() throws Exception {
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1000)));
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1001)));
    assertTrue(harness.extractOutputValues().isEmpty(), "nothing before the chain shows the owner");
    harness.processElement1(new StreamRecord<>(ChainIdentity.rootKey(ownerId, root.publicKey().toBytes(), 0, 2)));
    assertTrue(harness.extractOutputValues().isEmpty(), "nor before it shows the device is the owner's");
    harness.processElement1(new StreamRecord<>(ChainIdentity.device(ownerId, "veh-1", 3)));
    assertEquals(List.of(1000L, 1001L), harness.extractOutputValues().stream().map(EpochKey::getEpoch).toList());
    harness.setProcessingTime(T + WAIT_MS);
    assertNull(harness.getSideOutput(VerifyEpochKeys.DEAD_LETTERS), "the timers find nothing left waiting");
  }

  @Test
  void theFirstValidCertificateStandsAndTheSameOneAgainIsNotPassedOnTwice() throws Exception {
    registered("veh-1");
    EpochKey first = certificate("veh-1", 1000);
    harness.processElement2(new StreamRecord<>(first));
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1000)));
    assertEquals(List.of(first), harness.extractOutputValues());
    assertNull(harness.getSideOutput(VerifyEpochKeys.DEAD_LETTERS));
  }

  @Test
  void whatTheChainDoesNotShowInTimeOrBeyondTheCapIsADeadLetterAndAStrangersKeyAtOnce() throws Exception {
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1000)));
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1001)));
    harness.processElement2(new StreamRecord<>(certificate("veh-1", 1002))); // the third over a cap of 2
    assertEquals(1, details().size());
    assertTrue(details().get(0).contains("2 certificates of this owner already wait"), details().get(0));
    harness.setProcessingTime(T + WAIT_MS);
    List<String> details = details();
    assertEquals(3, details.size());
    for (String waited : details.subList(1, 3)) {
      assertTrue(waited.contains("is not registered on the chain") && waited.contains("after epoch-key-chain-wait (2m)"),
          waited);
    }

    registered("veh-1");
    EpochKey strangers = EpochKeyRecords.of(EpochKeyCertificate.issue(UmbralSecretKey.generate(), ownerId, "veh-1",
        1003, KEY_EPOCH), 0);
    harness.processElement2(new StreamRecord<>(strangers));
    assertTrue(details().get(3).contains("not by the owner's root key on the chain"), details().get(3));
    assertTrue(harness.extractOutputValues().isEmpty());
  }

  private void registered(String device) throws Exception {
    harness.processElement1(new StreamRecord<>(ChainIdentity.rootKey(ownerId, root.publicKey().toBytes(), 0, 2)));
    harness.processElement1(new StreamRecord<>(ChainIdentity.device(ownerId, device, 3)));
  }

  private EpochKey certificate(String device, long epoch) {
    return EpochKeyRecords.of(EpochKeyCertificate.issue(root, ownerId, device, epoch, KEY_EPOCH), 0);
  }

  private List<String> details() {
    List<String> details = new ArrayList<>();
    for (StreamRecord<DeadLetter> letter : harness.getSideOutput(VerifyEpochKeys.DEAD_LETTERS)) {
      assertEquals(RejectReason.BAD_CERTIFICATE, letter.getValue().getReason());
      details.add(letter.getValue().getDetail());
    }
    return details;
  }
}
