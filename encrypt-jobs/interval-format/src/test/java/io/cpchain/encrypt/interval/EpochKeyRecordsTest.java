package io.cpchain.encrypt.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.EpochKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EpochKeyRecordsTest {

  private static final Duration DAY = Duration.ofDays(1);
  private final UmbralSecretKey owner = UmbralSecretKey.generate();
  private final AvroMessages<EpochKey> messages = AvroMessages.of(EpochKey.class);

  @Test
  void aPublishedCertificateVerifiesAfterTheWireAndGivesTheOwnersEpochKey() throws Exception {
    EpochKey record = EpochKeyRecords.of("owner-1", EpochKeyCertificate.issue(owner, "veh-1", 20_000, DAY), 1L);
    EpochKey received = messages.decode(messages.encode(record));
    assertEquals(EpochKeys.epochSecret(owner, "veh-1", 20_000, DAY).publicKey(),
        EpochKeyRecords.verifiedKey(received, DAY));
    assertEquals("owner-1|veh-1|20000", EpochKeyRecords.key(received));
  }

  @Test
  void anotherEpochLengthThanTheJobsIsRefused() throws Exception {
    EpochKey hourly = EpochKeyRecords.of("owner-1",
        EpochKeyCertificate.issue(owner, "veh-1", 480_000, Duration.ofHours(1)), 1L);
    GeneralSecurityException e = assertThrows(GeneralSecurityException.class,
        () -> EpochKeyRecords.verifiedKey(hourly, DAY));
    assertTrue(e.getMessage().contains("3600000 ms"), e.getMessage());
  }

  @Test
  void anAlteredOrMalformedRecordIsRefused() {
    EpochKey record = EpochKeyRecords.of("owner-1", EpochKeyCertificate.issue(owner, "veh-1", 20_000, DAY), 1L);
    EpochKey otherEpoch = EpochKey.newBuilder(record).setEpoch(20_001).build();
    assertThrows(GeneralSecurityException.class, () -> EpochKeyRecords.verifiedKey(otherEpoch, DAY));
    EpochKey otherKey = EpochKey.newBuilder(record)
        .setEpochKey(ByteBuffer.wrap(UmbralSecretKey.generate().publicKey().toBytes())).build();
    assertThrows(GeneralSecurityException.class, () -> EpochKeyRecords.verifiedKey(otherKey, DAY));
    EpochKey notAPoint = EpochKey.newBuilder(record).setOwnerKey(ByteBuffer.wrap(new byte[33])).build();
    assertThrows(GeneralSecurityException.class, () -> EpochKeyRecords.verifiedKey(notAPoint, DAY));
  }
}
