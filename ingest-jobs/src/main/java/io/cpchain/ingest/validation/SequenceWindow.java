package io.cpchain.ingest.validation;

import java.util.Arrays;

/**
 * A device's frame sequence numbers, as replay protection that depends on nothing but the frames:
 * the highest number taken, and which of the {@code size} numbers up to it were taken. A number
 * above the highest is new; one within the window that was not taken is new (frames may come a
 * little out of order); one taken before, or older than the window, is refused. Its state is a
 * fixed {@code 1 + size / 64} longs per device, whatever the device sends, and it does not expire:
 * a frame captured once cannot be played back later, not after any wait and not after a restore.
 */
public final class SequenceWindow {

  /** What a sequence number is to the device's window. */
  public enum Verdict { NEW, TAKEN, TOO_OLD }

  private final int size;
  /** The highest number taken; -1 while none is. */
  private long highest;
  /** Bit {@code seq % size} is set when {@code seq}, within the window, was taken. */
  private final long[] taken;

  private SequenceWindow(int size, long highest, long[] taken) {
    this.size = size;
    this.highest = highest;
    this.taken = taken;
  }

  /** A window of {@code size} numbers for a device that sent nothing yet. */
  public static SequenceWindow empty(int size) {
    checkSize(size);
    return new SequenceWindow(size, -1, new long[size / 64]);
  }

  /** Refuses a size that is not a positive multiple of 64 (whole longs of bits). */
  public static void checkSize(int size) {
    if (size <= 0 || size % 64 != 0) {
      throw new IllegalArgumentException("a replay window is a positive multiple of 64 frames, not " + size);
    }
  }

  /**
   * The window kept as {@link #toState()} wrote it, or an empty one for null. State written with
   * another size keeps its highest number and counts every number up to it as taken: a changed
   * setting may refuse a late frame, never take one twice.
   */
  public static SequenceWindow fromState(long[] state, int size) {
    SequenceWindow window = empty(size);
    if (state == null) {
      return window;
    }
    window.highest = state[0];
    if (state.length == 1 + size / 64) {
      System.arraycopy(state, 1, window.taken, 0, window.taken.length);
    } else {
      Arrays.fill(window.taken, -1L);
    }
    return window;
  }

  public long[] toState() {
    long[] state = new long[1 + taken.length];
    state[0] = highest;
    System.arraycopy(taken, 0, state, 1, taken.length);
    return state;
  }

  public long highest() {
    return highest;
  }

  /** The lowest number the window can still take, if not taken already. */
  public long lowestOpen() {
    return Math.max(0, highest - size + 1);
  }

  public Verdict check(long seq) {
    if (seq > highest) {
      return Verdict.NEW;
    }
    if (seq < lowestOpen()) {
      return Verdict.TOO_OLD;
    }
    return isSet(seq) ? Verdict.TAKEN : Verdict.NEW;
  }

  /** Takes {@code seq}, which {@link #check} found {@code NEW}. */
  public void take(long seq) {
    if (check(seq) != Verdict.NEW) {
      throw new IllegalStateException("frame " + seq + " is not new to this window");
    }
    if (seq > highest) {
      // The numbers between the old highest and seq enter the window untaken; the slots they reuse
      // held numbers that now fall out of it.
      if (seq - highest >= size) {
        Arrays.fill(taken, 0L);
      } else {
        for (long n = highest + 1; n < seq; n++) {
          clear(n);
        }
      }
      highest = seq;
    }
    set(seq);
  }

  private boolean isSet(long seq) {
    int slot = (int) (seq % size);
    return (taken[slot >>> 6] & (1L << (slot & 63))) != 0;
  }

  private void set(long seq) {
    int slot = (int) (seq % size);
    taken[slot >>> 6] |= 1L << (slot & 63);
  }

  private void clear(long seq) {
    int slot = (int) (seq % size);
    taken[slot >>> 6] &= ~(1L << (slot & 63));
  }
}
