package io.cpchain.sharing.fetch;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.sign.Address;
import io.cpchain.sharing.protocol.Hex;
import io.cpchain.sharing.protocol.Messages;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a grantee makes of its proxies' live announcements, plain and single-threaded (the caller
 * locks): an interval is taken once {@code threshold} distinct proxies announced the same manifest and
 * receipt, and only if it starts after the last one taken (so each is taken once, in start order); the
 * grant is over once {@code proxies - threshold + 1} proxies said it ended (the rest cannot make m
 * cfrags). A proxy's announcements not taken are kept up to {@link #MAX_PENDING_PER_PROXY}, its
 * oldest forgotten beyond, so a lying proxy cannot fill the grantee's memory.
 */
final class Announcements {

  static final int MAX_PENDING_PER_PROXY = 1024;

  private final int threshold;
  private final int proxies;
  private long taken;
  private final TreeMap<Long, Map<Hash, Set<Address>>> votes = new TreeMap<>();
  private final Map<Address, TreeSet<Long>> pending = new HashMap<>();
  private final Map<Address, String> ends = new HashMap<>();
  private boolean over;

  Announcements(int threshold, int proxies, long afterMs) {
    this.threshold = threshold;
    this.proxies = proxies;
    this.taken = afterMs;
  }

  /** The start of the last interval taken (or the subscription's cursor): what proxies are asked after. */
  long taken() {
    return taken;
  }

  /** The interval, if this announcement is the m-th agreeing one of an interval after the last taken. */
  Optional<Messages.LiveInterval> announced(Address proxy, Messages.LiveInterval interval) {
    long start = interval.intervalStartMs();
    if (over || start <= taken) {
      return Optional.empty();
    }
    Hash identity = Hash.keccak(Hex.parse(interval.manifest(), "manifest"), Hex.parse(interval.receipt(), "receipt"));
    Set<Address> announcers = votes.computeIfAbsent(start, s -> new HashMap<>())
        .computeIfAbsent(identity, id -> new HashSet<>());
    announcers.add(proxy);
    if (announcers.size() >= threshold) {
      taken = start;
      votes.headMap(start, true).clear();
      pending.values().forEach(starts -> starts.headSet(start, true).clear());
      return Optional.of(interval);
    }
    TreeSet<Long> mine = pending.computeIfAbsent(proxy, p -> new TreeSet<>());
    mine.add(start);
    if (mine.size() > MAX_PENDING_PER_PROXY) {
      Map<Hash, Set<Address>> oldest = votes.get(mine.pollFirst());
      oldest.values().forEach(voters -> voters.remove(proxy));
      oldest.values().removeIf(Set::isEmpty);
      votes.values().removeIf(Map::isEmpty);
    }
    return Optional.empty();
  }

  /** The reason, once this end makes enough proxies say the grant ended (once only). */
  Optional<String> ended(Address proxy, String reason) {
    ends.put(proxy, reason);
    if (over || ends.size() < proxies - threshold + 1) {
      return Optional.empty();
    }
    over = true;
    return Optional.of(reason);
  }

  /** Intervals some proxy announced that are not taken yet (what the bound keeps small). */
  int pending() {
    return votes.size();
  }
}
