package io.cpchain.consensus.state;

import io.cpchain.crypto.sign.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reputation (RPT, 0..10000) of each RNode over the sliding window, integer arithmetic only so every
 * node computes the same value. Each feature (stake = deposit + balance, transactions sent,
 * proposals made, anchors submitted, proxy receipts) is normalised to the best RNode's value, then
 * weighted; k missed proposer slots multiply the result by (9 - min(k, 9)) / 9, as CPChain did for
 * impeachments. A proven proxy fault counts as {@link #FAULT_AS_MISSES} missed slots: it costs a
 * third of the RPT while it is in the window, more than the proxy feature (10 % by default) can earn,
 * so serving bad cfrags never pays.
 */
public final class Reputation {

  public static final long MAX = 10_000;
  public static final long FAULT_AS_MISSES = 3;

  private Reputation() {}

  static Map<Address, Long> compute(Map<Address, Long> stakes, Collection<Activity> window, List<Integer> weights) {
    Map<Address, long[]> totals = new HashMap<>();
    stakes.keySet().forEach(a -> totals.put(a, new long[Activity.COUNTS]));
    for (Activity activity : window) {
      activity.counts.forEach((who, counts) -> {
        long[] total = totals.get(who);
        if (total != null) {
          for (int i = 0; i < counts.length; i++) {
            total[i] += counts[i];
          }
        }
      });
    }
    // features in weight order: stake, txs, proposals made, anchors, proxy receipts
    int[] feature = {-1, Activity.TXS, Activity.PROPOSED, Activity.ANCHORS, Activity.PROXY};
    long[] max = new long[5];
    totals.forEach((who, total) -> {
      for (int f = 0; f < 5; f++) {
        max[f] = Math.max(max[f], value(f, feature, who, total, stakes));
      }
    });
    Map<Address, Long> out = new HashMap<>();
    totals.forEach((who, total) -> {
      long score = 0;
      for (int f = 0; f < 5; f++) {
        long normalised = max[f] == 0 ? 0 : value(f, feature, who, total, stakes) * MAX / max[f];
        score += weights.get(f) * normalised;
      }
      score /= 100;
      long missed = Math.min(total[Activity.MISSED] + FAULT_AS_MISSES * total[Activity.FAULTS], 9);
      out.put(who, score * (9 - missed) / 9);
    });
    return out;
  }

  private static long value(int f, int[] feature, Address who, long[] total, Map<Address, Long> stakes) {
    return f == 0 ? stakes.get(who) : total[feature[f]];
  }
}
