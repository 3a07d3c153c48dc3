package io.cpchain.consensus.state;

import io.cpchain.crypto.sign.Address;
import java.util.HashMap;
import java.util.Map;

/** What each account did in one block: the raw counts reputation is computed from. */
final class Activity {

  static final int TXS = 0;
  static final int PROPOSED = 1;
  static final int MISSED = 2;
  static final int ANCHORS = 3;
  static final int PROXY = 4;
  static final int FAULTS = 5;
  static final int COUNTS = 6;

  final long height;
  final Map<Address, long[]> counts = new HashMap<>();

  Activity(long height) {
    this.height = height;
  }

  void add(Address who, int feature) {
    counts.computeIfAbsent(who, a -> new long[COUNTS])[feature]++;
  }
}
