package io.cpchain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Proposal;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.node.Replica;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A proposer dates its block far ahead of the validators' clocks. Every later block must be dated
 * after it, so one accepted block would move the chain's time (grant and consent expiries, epochs)
 * years ahead for good: a validator prevotes nil for a fresh proposal dated beyond its clock plus
 * the allowed drift, and prevotes for one within it.
 */
class ProposalTimeTest {

  private static final long CHAIN_ID = 11;
  private static final long NOW_MS = 1_800_000_000_000L;

  private final List<AccountPrivateKey> keys = new ArrayList<>();
  private final List<Address> validators = new ArrayList<>();
  private final Genesis genesis;

  ProposalTimeTest() throws CryptoFormatException {
    Map<Address, Long> balances = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      AccountPrivateKey key = AccountPrivateKey.fromBytes(Hash.keccak(("proposal-time-" + i).getBytes()).toBytes());
      keys.add(key);
      validators.add(key.publicKey().address());
      balances.put(key.publicKey().address(), 1_000L);
    }
    genesis = new Genesis(CHAIN_ID, validators, balances, Map.of(), 100, 4, 1, 100, Genesis.DEFAULT_WEIGHTS, 100);
  }

  @Test
  void aProposalDatedAYearAheadGetsANilPrevote() throws Exception {
    assertEquals(Hash.ZERO, prevoteFor(NOW_MS + Duration.ofDays(365).toMillis()));
  }

  @Test
  void aProposalDatedJustBeyondTheDriftGetsANilPrevote() throws Exception {
    assertEquals(Hash.ZERO, prevoteFor(NOW_MS + Simulation.CONFIG.maxProposalAheadMs() + 1));
  }

  @Test
  void aProposalWithinTheDriftGetsTheValidatorsPrevote() throws Exception {
    long dated = NOW_MS + Simulation.CONFIG.maxProposalAheadMs();
    Hash prevote = prevoteFor(dated);
    assertNotEquals(Hash.ZERO, prevote);
  }

  /** What a validator that is not the proposer of height 1, round 0 prevotes for a proposal dated {@code timestampMs}. */
  private Hash prevoteFor(long timestampMs) throws Exception {
    List<Vote> sent = new ArrayList<>();
    Network recording = new Network() {
      public void broadcast(Message message) {
        if (message instanceof Message.VoteMessage vote) {
          sent.add(vote.vote());
        }
      }

      public void send(Address peer, Message message) {}
    };
    Network silent = new Network() {
      public void broadcast(Message message) {}

      public void send(Address peer, Message message) {}
    };
    Replica proposerNode = replica(0, silent);
    Address proposer = proposerNode.app().proposer(1, 0);
    int p = validators.indexOf(proposer);
    proposerNode = replica(p, silent);
    Replica validator = replica((p + 1) % 4, recording);
    validator.start();
    Block block = proposerNode.app().propose(0, timestampMs);
    validator.onMessage(proposer, new Message.ProposalMessage(Proposal.sign(keys.get(p), block, 0, -1)));
    Optional<Vote> prevote = sent.stream().filter(v -> v.type() == Vote.VoteType.PREVOTE && v.height() == 1
        && v.round() == 0).findFirst();
    return prevote.orElseThrow(() -> new AssertionError("no prevote in round 0: " + sent)).blockHash();
  }

  private Replica replica(int index, Network network) {
    return new Replica(keys.get(index), genesis, new MemoryBlockStore(), Simulation.CONFIG, network,
        (timeout, delay) -> { }, () -> NOW_MS);
  }
}
