package io.cpchain.sharing.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.sharing.protocol.Messages;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The grantee's rule over its proxies' announcements: m agreeing, in start order, each once; the end from n - m + 1. */
class AnnouncementsTest {

  private final Address a = AccountPrivateKey.generate().publicKey().address();
  private final Address b = AccountPrivateKey.generate().publicKey().address();
  private final Address c = AccountPrivateKey.generate().publicKey().address();
  private final Announcements twoOfThree = new Announcements(2, 3, Long.MIN_VALUE);

  @Test
  void anIntervalIsTakenAtTheMthAgreeingAnnouncementOnce() {
    assertEquals(Optional.empty(), twoOfThree.announced(a, interval(1, "aa")));
    assertEquals(Optional.empty(), twoOfThree.announced(a, interval(1, "aa")), "one proxy twice is one proxy");
    assertEquals(Optional.of(interval(1, "aa")), twoOfThree.announced(b, interval(1, "aa")));
    assertEquals(Optional.empty(), twoOfThree.announced(c, interval(1, "aa")), "taken already");
    assertEquals(1, twoOfThree.taken());
  }

  @Test
  void proxiesThatDisagreeOnTheManifestDoNotMakeAnInterval() {
    assertEquals(Optional.empty(), twoOfThree.announced(a, interval(1, "aa")));
    assertEquals(Optional.empty(), twoOfThree.announced(b, interval(1, "bb")));
    assertEquals(Optional.of(interval(1, "bb")), twoOfThree.announced(c, interval(1, "bb")));
  }

  @Test
  void anIntervalAtOrBeforeTheLastTakenIsNeverTaken() {
    twoOfThree.announced(a, interval(2, "aa"));
    twoOfThree.announced(b, interval(2, "aa"));
    twoOfThree.announced(a, interval(1, "aa"));
    assertEquals(Optional.empty(), twoOfThree.announced(b, interval(1, "aa")));
    assertEquals(2, twoOfThree.taken());
  }

  @Test
  void theGrantIsOverOnceTheRestCouldNotMakeMCfrags() {
    assertEquals(Optional.empty(), twoOfThree.ended(a, "revoked"));
    assertEquals(Optional.empty(), twoOfThree.ended(a, "revoked"), "one proxy twice is one proxy");
    assertEquals(Optional.of("revoked"), twoOfThree.ended(b, "revoked"));
    assertEquals(Optional.empty(), twoOfThree.ended(c, "revoked"), "over once");
    assertEquals(Optional.empty(), twoOfThree.announced(c, interval(5, "aa")));
    assertEquals(Optional.empty(), twoOfThree.announced(a, interval(5, "aa")), "nothing is taken after the end");
  }

  @Test
  void aLyingProxyCannotPileUpAnnouncementsNobodyConfirms() {
    for (int i = 1; i <= 3 * Announcements.MAX_PENDING_PER_PROXY; i++) {
      twoOfThree.announced(c, interval(i, "cc"));
    }
    assertEquals(Announcements.MAX_PENDING_PER_PROXY, twoOfThree.pending());
    // the honest two still make their interval, and what they agree on clears what lies before it
    twoOfThree.announced(a, interval(10_000, "aa"));
    assertTrue(twoOfThree.announced(b, interval(10_000, "aa")).isPresent());
    assertEquals(0, twoOfThree.pending());
  }

  private static Messages.LiveInterval interval(long start, String manifest) {
    return new Messages.LiveInterval("meter-7", start, start + 1, manifest, "ee", 7, 1_000);
  }
}
