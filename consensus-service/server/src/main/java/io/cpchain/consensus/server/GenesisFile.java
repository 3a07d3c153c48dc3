package io.cpchain.consensus.server;

import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** genesis.yaml: the chain's first state and fixed rules (see the module README for every key). */
public final class GenesisFile {

  private static final Set<String> KEYS = Set.of("chainId", "validators", "balances", "rnodes", "termLength",
      "committeeSize", "lowSeats", "reputationWindow", "weights", "minDeposit", "orderDepositPercent",
      "orderMinWindowMs", "orderMaxWindowMs");

  private GenesisFile() {}

  public static Genesis read(Path path) throws IOException {
    YamlFields y = YamlFields.load(path, KEYS);
    List<Address> validators = new ArrayList<>();
    for (Object v : y.list("validators")) {
      validators.add(address(y, v));
    }
    List<Integer> weights = new ArrayList<>();
    for (Object w : y.has("weights") ? y.list("weights") : Genesis.DEFAULT_WEIGHTS) {
      if (!(w instanceof Integer i)) {
        throw new IllegalArgumentException(y.where() + ": weights must be whole numbers");
      }
      weights.add(i);
    }
    try {
      return new Genesis(y.number("chainId", 1), validators, amounts(y, "balances"), amounts(y, "rnodes"),
          (int) y.number("termLength", 100), (int) y.number("committeeSize", 4), (int) y.number("lowSeats", 1),
          (int) y.number("reputationWindow", 100), weights, y.number("minDeposit", 100), new Genesis.OrderRules(
              (int) y.number("orderDepositPercent", Genesis.OrderRules.DEFAULT.depositPercent()),
              y.number("orderMinWindowMs", Genesis.OrderRules.DEFAULT.minWindowMs()),
              y.number("orderMaxWindowMs", Genesis.OrderRules.DEFAULT.maxWindowMs())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(y.where() + ": " + e.getMessage());
    }
  }

  public static void write(Path path, Genesis g) throws IOException {
    StringBuilder out = new StringBuilder("# The chain's genesis: see consensus-service/README.md\n");
    out.append("chainId: ").append(g.chainId()).append('\n');
    out.append("validators:\n");
    g.validators().forEach(v -> out.append("  - \"").append(v.toHex()).append("\"\n"));
    out.append("balances:\n");
    g.balances().forEach((a, b) -> out.append("  \"").append(a.toHex()).append("\": ").append(b).append('\n'));
    out.append("rnodes:\n");
    g.rnodeDeposits().forEach((a, d) -> out.append("  \"").append(a.toHex()).append("\": ").append(d).append('\n'));
    out.append("termLength: ").append(g.termLength()).append('\n');
    out.append("committeeSize: ").append(g.committeeSize()).append('\n');
    out.append("lowSeats: ").append(g.lowSeats()).append('\n');
    out.append("reputationWindow: ").append(g.reputationWindow()).append('\n');
    out.append("weights: ").append(g.weights()).append('\n');
    out.append("minDeposit: ").append(g.minDeposit()).append('\n');
    out.append("orderDepositPercent: ").append(g.orderRules().depositPercent()).append('\n');
    out.append("orderMinWindowMs: ").append(g.orderRules().minWindowMs()).append('\n');
    out.append("orderMaxWindowMs: ").append(g.orderRules().maxWindowMs()).append('\n');
    Files.writeString(path, out);
  }

  private static Map<Address, Long> amounts(YamlFields y, String key) {
    Map<Address, Long> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : y.mapping(key).entrySet()) {
      if (!(e.getValue() instanceof Number n)) {
        throw new IllegalArgumentException(y.where() + ": " + key + " of " + e.getKey() + " must be a number");
      }
      out.put(address(y, e.getKey()), n.longValue());
    }
    return out;
  }

  static Address address(YamlFields y, Object value) {
    try {
      return Address.fromHex(String.valueOf(value));
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException(y.where() + ": '" + value + "' is not an address: " + e.getMessage());
    }
  }

}
