package io.cpchain.consensus.state;

import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.crypto.sign.Address;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chain's first state and its fixed rules: validators (who vote), initial balances and RNodes
 * (deposits), the term length and committee size of the election, the reputation window and weights
 * (stake, transactions, proposals, anchors, proxy receipts; CPChain used 50/15/10/15/10), and the
 * market's order rules.
 */
public record Genesis(long chainId, List<Address> validators, Map<Address, Long> balances,
    Map<Address, Long> rnodeDeposits, int termLength, int committeeSize, int lowSeats, int reputationWindow,
    List<Integer> weights, long minDeposit, OrderRules orderRules) {

  public static final List<Integer> DEFAULT_WEIGHTS = List.of(50, 15, 10, 15, 10);

  /**
   * The market's order rules: the seller's deposit on acceptance is {@code depositPercent} % of the
   * price (rounded down); each stage of an order (placing to acceptBy, acceptBy to completeBy) lasts
   * at least {@code minWindowMs}, so the other party has time to act; an order ends (completeBy) at
   * most {@code maxWindowMs} after it was placed, so no escrow is held for longer.
   */
  public record OrderRules(int depositPercent, long minWindowMs, long maxWindowMs) {

    /** 10 % deposit, stages of at least a minute, orders of at most 30 days. */
    public static final OrderRules DEFAULT = new OrderRules(10, 60_000, 30L * 24 * 3600 * 1000);

    public OrderRules {
      if (depositPercent < 0 || depositPercent > 100 || minWindowMs < 1 || maxWindowMs < 2 * minWindowMs) {
        throw new IllegalArgumentException("genesis: orderDepositPercent is 0..100, orderMinWindowMs positive and"
            + " orderMaxWindowMs at least twice it");
      }
    }

    /** The seller's deposit for an order of {@code price}: floor(price * percent / 100) without overflow. */
    public long deposit(long price) {
      return price / 100 * depositPercent + price % 100 * depositPercent / 100;
    }
  }

  /** A genesis with the default order rules. */
  public Genesis(long chainId, List<Address> validators, Map<Address, Long> balances,
      Map<Address, Long> rnodeDeposits, int termLength, int committeeSize, int lowSeats, int reputationWindow,
      List<Integer> weights, long minDeposit) {
    this(chainId, validators, balances, rnodeDeposits, termLength, committeeSize, lowSeats, reputationWindow, weights,
        minDeposit, OrderRules.DEFAULT);
  }

  public Genesis {
    validators = List.copyOf(validators);
    balances = sorted(balances);
    rnodeDeposits = sorted(rnodeDeposits);
    weights = List.copyOf(weights);
    if (termLength < 1 || committeeSize < 1 || lowSeats < 0 || lowSeats >= committeeSize && committeeSize > 1
        || reputationWindow < 1 || minDeposit < 1) {
      throw new IllegalArgumentException("genesis: termLength, committeeSize, reputationWindow and minDeposit must be"
          + " positive and lowSeats below committeeSize");
    }
    if (weights.size() != 5 || weights.stream().anyMatch(w -> w < 0) || weights.stream().mapToInt(w -> w).sum() != 100) {
      throw new IllegalArgumentException("genesis: weights are five non-negative numbers summing to 100");
    }
    if (rnodeDeposits.values().stream().anyMatch(d -> d < minDeposit) || balances.values().stream().anyMatch(b -> b < 0)) {
      throw new IllegalArgumentException("genesis: every RNode deposit must reach minDeposit, balances be >= 0");
    }
    new ValidatorSet(chainId, validators); // checks distinct, non-empty
  }

  private static Map<Address, Long> sorted(Map<Address, Long> map) {
    Map<Address, Long> out = new TreeMap<>(Comparator.comparing(Address::toHex));
    out.putAll(map);
    return java.util.Collections.unmodifiableMap(out);
  }

  public ValidatorSet validatorSet() {
    return new ValidatorSet(chainId, validators);
  }

  /** Keccak-256 of the canonical encoding: block 1's parent and term 0's election seed. */
  public Hash hash() {
    Encoder out = new Encoder().raw("cpchain/genesis/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .i64(chainId).i32(validators.size());
    validators.forEach(out::address);
    out.i32(balances.size());
    balances.forEach((a, b) -> out.address(a).i64(b));
    out.i32(rnodeDeposits.size());
    rnodeDeposits.forEach((a, d) -> out.address(a).i64(d));
    out.i32(termLength).i32(committeeSize).i32(lowSeats).i32(reputationWindow);
    weights.forEach(out::i32);
    out.i64(minDeposit);
    out.i32(orderRules.depositPercent()).i64(orderRules.minWindowMs()).i64(orderRules.maxWindowMs());
    return Hash.keccak(out.toBytes());
  }
}
