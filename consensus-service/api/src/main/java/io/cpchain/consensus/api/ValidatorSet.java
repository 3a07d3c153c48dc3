package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import java.util.List;

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
}
