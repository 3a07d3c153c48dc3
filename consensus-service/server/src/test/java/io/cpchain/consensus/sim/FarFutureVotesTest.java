package io.cpchain.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.core.ConsensusCore;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.node.Replica;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Byzantine validator signs votes for thousands of rounds (and heights) ahead: one replica's core
 * must not keep a vote set per round for them, and must count what it dropped. Votes within the
 * window still count: f+1 validators in a later round still pull the replica into it.
 */
class FarFutureVotesTest {

  private static final long CHAIN_ID = 9;
  private static final int FLOOD_ROUNDS = 5_000;

  @Test
  void votesForRoundsFarAheadAreDroppedAndCountedNotKept() throws Exception {
    List<AccountPrivateKey> keys = new ArrayList<>();
    List<Address> validators = new ArrayList<>();
    Map<Address, Long> balances = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      AccountPrivateKey key = AccountPrivateKey.fromBytes(Hash.keccak(("far-votes-" + i).getBytes()).toBytes());
      keys.add(key);
      validators.add(key.publicKey().address());
      balances.put(key.publicKey().address(), 1_000L);
    }
    Genesis genesis = new Genesis(CHAIN_ID, validators, balances, Map.of(), 100, 4, 1, 100, Genesis.DEFAULT_WEIGHTS,
        100);
    Network silent = new Network() {
      public void broadcast(Message message) {}

      public void send(Address peer, Message message) {}
    };
    Replica replica = new Replica(keys.get(0), genesis, new MemoryBlockStore(), Simulation.CONFIG, silent,
        (timeout, delay) -> { }, () -> 1_000L);
    replica.start();

    AccountPrivateKey byzantine = keys.get(3);
    for (int round = 1; round <= FLOOD_ROUNDS; round++) {
      replica.onMessage(validators.get(3), vote(byzantine, 1, round));
      replica.onMessage(validators.get(3), vote(byzantine, 1 + round, 0)); // and heights ahead
    }
    ConsensusCore core = replica.core();
    int held = heldRounds(core.describe());
    assertTrue(held <= ConsensusCore.MAX_ROUNDS_AHEAD + 1,
        "the core holds votes for " + held + " rounds after a flood of " + FLOOD_ROUNDS);
    assertEquals(FLOOD_ROUNDS - ConsensusCore.MAX_ROUNDS_AHEAD, core.droppedFarAhead().rounds(),
        "votes beyond the window are counted");
    assertEquals(FLOOD_ROUNDS - 1, core.droppedFarAhead().heights(),
        "votes for heights past the next one are counted (the next one's are kept)");

    // f+1 = 2 validators in round 7: the replica joins them, as before
    replica.onMessage(validators.get(2), vote(keys.get(2), 1, 7));
    assertEquals(7, core.round(), core.describe());
  }

  private static Message vote(AccountPrivateKey key, long height, int round) {
    return new Message.VoteMessage(Vote.sign(key, Vote.VoteType.PREVOTE, CHAIN_ID, height, round, Hash.ZERO));
  }

  /** The rounds {@link ConsensusCore#describe} lists vote sets for. */
  private static int heldRounds(String described) {
    Matcher m = Pattern.compile("\\| r(\\d+) ").matcher(described);
    java.util.Set<String> rounds = new java.util.HashSet<>();
    while (m.find()) {
      rounds.add(m.group(1));
    }
    return rounds.size();
  }
}
