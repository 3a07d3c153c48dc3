package io.cpchain.consensus.core;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Vote;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The checked votes of one type in one round. A validator's first vote is always kept; a
 * conflicting one (equivocation) only if it is for nil or for a block this node knows, so a node can
 * still verify a polka an honest peer saw while a Byzantine validator cannot fill memory with votes
 * for random hashes. An equivocator counts toward each block it voted for: quorums of 2f+1 still
 * intersect in an honest validator, which votes once.
 */
final class VoteSet {

  private final Map<Address, List<Vote>> byVoter = new LinkedHashMap<>();

  /** True if the vote was kept (new, and either the voter's first or for a hash that matters). */
  boolean add(Address voter, Vote vote, Predicate<Hash> matters) {
    List<Vote> votes = byVoter.computeIfAbsent(voter, v -> new ArrayList<>(1));
    if (votes.stream().anyMatch(v -> v.blockHash().equals(vote.blockHash()))
        || !votes.isEmpty() && !vote.blockHash().isZero() && !matters.test(vote.blockHash())) {
      return false;
    }
    votes.add(vote);
    return true;
  }

  boolean equivocated(Address voter) {
    return byVoter.getOrDefault(voter, List.of()).size() > 1;
  }

  int voters() {
    return byVoter.size();
  }

  int count(Hash hash) {
    return signatures(hash).size();
  }

  List<RecoverableSignature> signatures(Hash hash) {
    List<RecoverableSignature> out = new ArrayList<>();
    byVoter.values().forEach(votes -> votes.stream().filter(v -> v.blockHash().equals(hash)).findFirst()
        .ifPresent(v -> out.add(v.signature())));
    return out;
  }

  List<Hash> hashes() {
    List<Hash> out = new ArrayList<>();
    byVoter.values().forEach(votes -> votes.forEach(v -> {
      if (!out.contains(v.blockHash())) {
        out.add(v.blockHash());
      }
    }));
    return out;
  }

  List<Vote> all() {
    List<Vote> out = new ArrayList<>();
    byVoter.values().forEach(out::addAll);
    return out;
  }

  String describe() {
    StringBuilder out = new StringBuilder();
    byVoter.forEach((voter, votes) -> out.append(voter.toHex(), 0, 6).append(votes.stream()
        .map(v -> v.blockHash().toString()).toList()).append(' '));
    return out.toString();
  }

  java.util.Set<Address> voterSet() {
    return byVoter.keySet();
  }
}
