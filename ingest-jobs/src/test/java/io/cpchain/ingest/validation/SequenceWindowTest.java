package io.cpchain.ingest.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cpchain.ingest.validation.SequenceWindow.Verdict;
import org.junit.jupiter.api.Test;

class SequenceWindowTest {

  @Test
  void takesEachNumberOnceAndWithinTheWindowOutOfOrder() {
    SequenceWindow window = SequenceWindow.empty(64);
    assertEquals(Verdict.NEW, window.check(0));
    window.take(0);
    assertEquals(Verdict.TAKEN, window.check(0));
    window.take(10);
    for (long seq = 1; seq < 10; seq++) {
      assertEquals(Verdict.NEW, window.check(seq), "skipped numbers may still come: " + seq);
    }
    window.take(4);
    assertEquals(Verdict.TAKEN, window.check(4));
    assertEquals(Verdict.NEW, window.check(5));
    assertEquals(10, window.highest());
  }

  @Test
  void aNumberOlderThanTheWindowIsRefusedTakenOrNot() {
    SequenceWindow window = SequenceWindow.empty(64);
    window.take(3);
    window.take(100);
    assertEquals(37, window.lowestOpen());
    assertEquals(Verdict.TOO_OLD, window.check(3));
    assertEquals(Verdict.TOO_OLD, window.check(36));
    assertEquals(Verdict.NEW, window.check(37));
    assertEquals(Verdict.NEW, window.check(99));
    assertThrows(IllegalStateException.class, () -> window.take(36));
  }

  @Test
  void aSlotReusedByALaterNumberForgetsTheOldOne() {
    SequenceWindow window = SequenceWindow.empty(64);
    window.take(5);
    window.take(60);
    window.take(68); // 68 % 64 == 4: the slot of 4, which never came; 5 is still in the window
    assertEquals(Verdict.TAKEN, window.check(5));
    assertEquals(Verdict.NEW, window.check(6));
    window.take(69); // the slot of 5, which now falls out of the window
    assertEquals(Verdict.TOO_OLD, window.check(5));
    assertEquals(Verdict.TAKEN, window.check(69));
    window.take(1_000_000);
    assertEquals(Verdict.TOO_OLD, window.check(69));
    assertEquals(Verdict.NEW, window.check(999_999), "a jump past the window leaves nothing taken in it");
  }

  @Test
  void itsStateIsFixedInSizeAndComesBackWhole() {
    SequenceWindow window = SequenceWindow.empty(128);
    for (long seq = 0; seq < 10_000; seq += 3) {
      window.take(seq);
    }
    long[] state = window.toState();
    assertEquals(3, state.length, "one long for the highest number, one per 64 numbers of the window");
    SequenceWindow restored = SequenceWindow.fromState(state, 128);
    assertArrayEquals(state, restored.toState());
    assertEquals(Verdict.TAKEN, restored.check(9_999));
    assertEquals(Verdict.NEW, restored.check(9_998));
    assertEquals(Verdict.NEW, SequenceWindow.fromState(null, 128).check(0));
  }

  @Test
  void stateOfAnotherSizeTakesNothingUpToItsHighestNumber() {
    SequenceWindow small = SequenceWindow.empty(64);
    small.take(200);
    SequenceWindow resized = SequenceWindow.fromState(small.toState(), 256);
    assertEquals(Verdict.TAKEN, resized.check(150), "may refuse a late frame, never take one twice");
    assertEquals(Verdict.NEW, resized.check(201));
    assertThrows(IllegalArgumentException.class, () -> SequenceWindow.empty(100));
  }
}
