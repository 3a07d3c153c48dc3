package io.cpchain.encrypt.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochKeyRetentionTest {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private final EpochKeyRetention retention = new EpochKeyRetention(Duration.ofDays(1), Duration.ofDays(3), 6);

  private static HeldEpochKey key(String owner, long epoch) {
    return new HeldEpochKey(owner, epoch, new byte[] {(byte) epoch});
  }

  private static List<Long> epochs(List<HeldEpochKey> keys) {
    return keys.stream().map(HeldEpochKey::epoch).toList();
  }

  @Test
  void anEpochExpiresWhenItEndedTheRetentionAgo() {
    // epoch 10 is [10 d, 11 d); it expires at 14 d
    assertFalse(retention.expired(10, 14 * DAY - 1));
    assertTrue(retention.expired(10, 14 * DAY));
  }

  @Test
  void admittingDropsTheDevicesExpiredKeysAndRefusesAnExpiredCertificate() {
    long now = 20 * DAY + 5;
    EpochKeyRetention.Admission fresh = retention.admit(List.of(key("o", 15), key("o", 16), key("o", 17)),
        key("o", 21), now);
    assertEquals(List.of(17L, 21L), epochs(fresh.kept()));
    assertEquals(List.of(15L, 16L), epochs(fresh.expired()));
    assertTrue(fresh.stored());

    EpochKeyRetention.Admission old = retention.admit(fresh.kept(), key("o", 12), now);
    assertFalse(old.stored());
    assertEquals(List.of(17L, 21L), epochs(old.kept()));
    assertEquals(List.of(12L), epochs(old.expired()));
  }

  @Test
  void aLaterCertificateForTheSameOwnerAndEpochReplacesTheEarlierOne() {
    HeldEpochKey replacement = new HeldEpochKey("o", 21, new byte[] {9});
    EpochKeyRetention.Admission admission = retention.admit(List.of(key("o", 21), key("p", 21)), replacement,
        20 * DAY);
    assertEquals(2, admission.kept().size());
    assertTrue(admission.kept().contains(replacement));
    assertTrue(admission.kept().stream().anyMatch(k -> k.ownerId().equals("p")));
  }

  @Test
  void overTheCapEndedEpochsGoFirstThenTheLatestFutureOnes() {
    long now = 20 * DAY; // current epoch 20; 17, 18 and 19 have ended but not expired
    List<HeldEpochKey> held = List.of(key("o", 17), key("o", 18), key("o", 19), key("o", 20), key("o", 21),
        key("o", 22));
    EpochKeyRetention.Admission admission = retention.admit(held, key("o", 23), now);
    assertEquals(List.of(18L, 19L, 20L, 21L, 22L, 23L), epochs(admission.kept()));
    assertEquals(List.of(17L), epochs(admission.overCap()));

    // Only current and future epochs left: a flood of far-future certificates cannot push out the current one
    List<HeldEpochKey> future = List.of(key("o", 20), key("o", 21), key("o", 22), key("o", 23), key("o", 24),
        key("o", 25));
    EpochKeyRetention.Admission flood = retention.admit(future, key("o", 500), now);
    assertFalse(flood.stored());
    assertEquals(epochs(future), epochs(flood.kept()));
    assertEquals(List.of(500L), epochs(flood.overCap()));
  }

  @Test
  void aDeviceHoldsABoundedNumberOfKeysOverAThousandEpochs() {
    // An owner publishing each day's key two days ahead, for a thousand days
    List<HeldEpochKey> held = new ArrayList<>();
    int max = 0;
    for (long day = 0; day < 1000; day++) {
      held = retention.admit(held, key("o", day + 2), day * DAY + 1).kept();
      max = Math.max(max, held.size());
    }
    assertEquals(6, max, "3 days of retention + the current epoch + 2 ahead, never more");
    assertEquals(List.of(996L, 997L, 998L, 999L, 1000L, 1001L), epochs(held));
  }
}
