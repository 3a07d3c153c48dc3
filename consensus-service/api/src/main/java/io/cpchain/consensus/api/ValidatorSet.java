package io.cpchain.consensus.api;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The validators that vote, fixed at genesis: n = 3f+1 tolerates f faulty; a quorum is 2f+1 (n - f). */
public record ValidatorSet(long chainId, List<Address> members) {

  public ValidatorSet {
    members = List.copyOf(members);
    if (members.isEmpty() || members.stream().distinct().count() != members.size()) {
      throw new IllegalArgumentException("validators must be distinct and at least one");
    }
  }

  public int size() {
    return members.size();
  }

  public int maxFaulty() {
    return (members.size() - 1) / 3;
  }

  public int quorum() {
    return members.size() - maxFaulty();
  }

  public boolean contains(Address address) {
    return members.contains(address);
  }

  /**
   * The chain id and validators of a genesis file ({@code chainId}, {@code validators}; its other
   * keys are the chain's business): what a follower outside the chain checks certificates against.
   */
  public static ValidatorSet readGenesis(Path genesis) throws IOException {
    Object root;
    try (Reader reader = Files.newBufferedReader(genesis)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
    } catch (RuntimeException e) {
      throw new IOException(genesis + " is not YAML: " + e.getMessage(), e);
    }
    if (!(root instanceof Map<?, ?> fields) || !(fields.get("validators") instanceof List<?> listed)
        || !(fields.get("chainId") instanceof Number chainId)) {
      throw new IOException(genesis + " has no chainId number and validators list");
    }
    List<Address> members = new ArrayList<>();
    for (Object validator : listed) {
      try {
        members.add(Address.fromHex(String.valueOf(validator)));
      } catch (CryptoFormatException e) {
        throw new IOException(genesis + ": validator '" + validator + "' is not an address: " + e.getMessage(), e);
      }
    }
    try {
      return new ValidatorSet(chainId.longValue(), members);
    } catch (IllegalArgumentException e) {
      throw new IOException(genesis + ": " + e.getMessage(), e);
    }
  }
}
