package io.cpchain.encrypt.interval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.pre.EpochKeyCertificate;
import io.cpchain.crypto.pre.EpochKeys;
import io.cpchain.crypto.pre.UmbralSecretKey;
import io.cpchain.schemas.IntervalManifest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestKeysTest {

  private static final long DAY_MS = 86_400_000L;
  private static final long START = 1_750_000_000_000L;
  private final UmbralSecretKey owner = UmbralSecretKey.generate();

  @Test
  void aManifestWithAKeyEpochIsForThatEpochsCertifiedKey() throws Exception {
    IntervalManifest manifest = manifest(START / DAY_MS, DAY_MS);
    assertEquals(EpochKeyCertificate.issue(owner, "owner-1", "veh-1", START / DAY_MS, Duration.ofDays(1)).epochKey(),
        ManifestKeys.delegatingSecret(manifest, owner).publicKey());
    IntervalManifest hourly = manifest(START / 3_600_000, 3_600_000);
    assertEquals(EpochKeys.epochSecret(owner, "veh-1", START / 3_600_000, Duration.ofHours(1)).publicKey(),
        ManifestKeys.delegatingSecret(hourly, owner).publicKey(), "the epoch length is part of the key");
  }

  @Test
  void aManifestFromBeforeKeyEpochsIsForTheOwnersOwnKey() throws Exception {
    IntervalManifest v1 = manifest(0, 0); // the v2 fields' defaults, as a v1 manifest decodes
    assertEquals(owner.publicKey(), ManifestKeys.delegatingSecret(v1, owner).publicKey());
  }

  @Test
  void aKeyEpochThatDoesNotContainTheIntervalIsRefused() {
    IntervalReadException e = assertThrows(IntervalReadException.class,
        () -> ManifestKeys.delegatingSecret(manifest(START / DAY_MS + 1, DAY_MS), owner));
    assertTrue(e.getMessage().startsWith("interval veh-1 [" + START + ", " + (START + 60_000) + "): key epoch "),
        e.getMessage());
    assertThrows(IntervalReadException.class, () -> ManifestKeys.delegatingSecret(manifest(0, -DAY_MS), owner));
  }

  private static IntervalManifest manifest(long keyEpoch, long keyEpochLengthMs) {
    ByteBuffer empty = ByteBuffer.allocate(0);
    return IntervalManifest.newBuilder().setDeviceId("veh-1").setOwnerId("owner-1").setIntervalStartMs(START)
        .setIntervalEndMs(START + 60_000).setReadingCount(0).setReadingsMerkleRoot(empty).setPlaintextBytes(0)
        .setCipherSuite(IntervalWriter.CIPHER_SUITE).setCapsule(empty).setKeyEpoch(keyEpoch)
        .setKeyEpochLengthMs(keyEpochLengthMs).setCipherHeader(empty).setChunks(List.of()).setSignerAddress("")
        .setSignature(empty).build();
  }
}
