package io.cpchain.he.insurance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule deciding which periods a consent covers, on block timestamps only. */
class ConsentTest {

  private static final long DAY = 86_400_000L;
  private static final String INSURER = "0x00000000000000000000000000000000000000aa";

  @Test
  void aConsentCoversThePeriodsThatStartWhileItHolds() {
    Consent consent = new Consent("veh-1", INSURER, 10 * DAY + 5_000, 12 * DAY + 7_000);
    assertFalse(consent.covers(10 * DAY), "granted during the period: from the next one");
    assertTrue(consent.covers(11 * DAY));
    assertTrue(consent.covers(12 * DAY), "revoked during the period: still this one");
    assertFalse(consent.covers(13 * DAY), "and not the next");
    assertTrue(new Consent("veh-1", INSURER, 11 * DAY, null).covers(11 * DAY), "granted at the very start");
    assertFalse(new Consent("veh-1", INSURER, 0, 11 * DAY).covers(11 * DAY), "revoked at the very start");
  }

  @Test
  void aSetMatchesDeviceAndInsurerAndAReGrantCountsAgain() {
    ConsentSet set = new ConsentSet(List.of(
        new Consent("veh-1", INSURER, 0, 2 * DAY),
        new Consent("veh-1", INSURER, 4 * DAY, null),
        new Consent("veh-2", "0x00000000000000000000000000000000000000bb", 0, null)));
    assertTrue(set.covers("veh-1", INSURER, DAY));
    assertFalse(set.covers("veh-1", INSURER, 3 * DAY));
    assertTrue(set.covers("veh-1", INSURER.toUpperCase().replace("0X", "0x"), 5 * DAY), "addresses in any case");
    assertFalse(set.covers("veh-2", INSURER, DAY), "another insurer's consent");
    assertFalse(set.covers("veh-3", INSURER, DAY));
  }
}
