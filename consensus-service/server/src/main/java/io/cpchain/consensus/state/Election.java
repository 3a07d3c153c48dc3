package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.sign.Address;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The committee of a term: RNodes ranked by RPT and split into a high and a low half; {@code
 * lowSeats} seats are drawn uniformly from the low half (so newcomers can earn reputation), the rest
 * from the high half by RPT-weighted sampling without replacement. The randomness is SHA-256 of the
 * seed (the checkpoint block's hash) and a counter, so every node draws the same committee.
 */
public final class Election {

  private Election() {}

  public static List<Address> elect(Map<Address, Long> reputations, int committeeSize, int lowSeats, Hash seed) {
    List<Address> ranked = new ArrayList<>(reputations.keySet());
    ranked.sort(Comparator.<Address, Long>comparing(reputations::get).reversed().thenComparing(Address::toHex));
    int size = Math.min(committeeSize, ranked.size());
    List<Address> high = new ArrayList<>(ranked.subList(0, (ranked.size() + 1) / 2));
    List<Address> low = new ArrayList<>(ranked.subList((ranked.size() + 1) / 2, ranked.size()));
    int fromLow = Math.min(Math.min(lowSeats, low.size()), size);
    int fromHigh = size - fromLow;
    if (fromHigh > high.size()) {
      fromLow += fromHigh - high.size();
      fromHigh = high.size();
    }
    Draw draw = new Draw(seed);
    List<Address> committee = new ArrayList<>(size);
    for (int i = 0; i < fromHigh; i++) {
      long total = high.stream().mapToLong(a -> reputations.get(a) + 1).sum();
      long pick = draw.below(total);
      for (int j = 0; j < high.size(); j++) {
        pick -= reputations.get(high.get(j)) + 1;
        if (pick < 0) {
          committee.add(high.remove(j));
          break;
        }
      }
    }
    for (int i = 0; i < fromLow; i++) {
      committee.add(low.remove((int) draw.below(low.size())));
    }
    return committee;
  }

  /** Deterministic uniform draws from a seed. */
  private static final class Draw {
    private final byte[] seed;
    private long counter;

    Draw(Hash seed) {
      this.seed = seed.toBytes();
    }

    /** Uniform in [0, bound), by rejection so no value is favoured. */
    long below(long bound) {
      long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
      while (true) {
        long value = next() & Long.MAX_VALUE;
        if (value < limit) {
          return value % bound;
        }
      }
    }

    private long next() {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(seed);
        sha.update(ByteBuffer.allocate(8).putLong(counter++).array());
        return ByteBuffer.wrap(sha.digest()).getLong();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required of every Java platform", e);
      }
    }
  }
}
