package io.cpchain.encrypt.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.UmbralPublicKey;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.Bytes;
import io.cpchain.schemas.EpochKey;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EpochKeyRecordsTest {

  private static final Duration DAY = Duration.ofDays(1);
  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AvroMessages<EpochKey> messages = AvroMessages.of(EpochKey.class);

  @Test
  void aPublishedCertificateVerifiesAfterTheWireUnderItsOwnersName() throws Exception {
    EpochKey record = EpochKeyRecords.of(EpochKeyCertificate.issue(owner, "owner-1", "veh-1", 20_000, DAY), 1L);
    EpochKey received = messages.decode(messages.encode(record));
    assertEquals(EpochKeyRecords.CERTIFICATE_VERSION, received.getCertificateVersion());
    assertEquals("owner-1|veh-1|20000", EpochKeyRecords.key(received));
    assertTrue(new EpochKeyCertificate(received.getOwnerId(), UmbralPublicKey.fromBytes(Bytes.of(received.getOwnerKey())),
        received.getDeviceId(), received.getEpoch(), received.getEpochLengthMs(),
        UmbralPublicKey.fromBytes(Bytes.of(received.getEpochKey())), Bytes.of(received.getSignature())).verify());
  }
}
