package io.cpchain.consensus.sim;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.core.ConsensusConfig;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.core.Timers;
import io.cpchain.consensus.node.Replica;
import io.cpchain.consensus.state.Genesis;
import io.cpchain.consensus.transport.ByzantineNetwork;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * A deterministic run of four validators: one seeded scheduler (simulated milliseconds), a router
 * that drops, duplicates, delays and so reorders messages until {@code healAtMs}, every message
 * through the real codec, optionally one Byzantine validator and one honest crash and restart.
 * After every event the invariant is checked: no two honest nodes have different blocks final at
 * one height, and every final block carries a valid certificate.
 */
final class Simulation {


  record Faults(double drop, double duplicate, int maxDelayMs, long healAtMs, boolean crashOne) {}

  static final long CHAIN_ID = 7;
  static final ConsensusConfig CONFIG = new ConsensusConfig(200, 100, 400, 500, 16, 10_000);

  private record Event(long time, long seq, Runnable action) {}

  final long seed;
  private final Random rng;
  private final Faults faults;
  private final ByzantineNetwork.Mode byzantine;
  private final PriorityQueue<Event> queue =
      new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  final List<AccountPrivateKey> keys = new ArrayList<>();
  final List<Address> addresses = new ArrayList<>();
  final Genesis genesis;
  final Replica[] replicas = new Replica[4];
  private final MemoryBlockStore[] stores = new MemoryBlockStore[4];
  // One per node, as each node process owns its own: a sender one replica recovered is not another's.
  private final SenderCache[] senders = {new SenderCache(), new SenderCache(), new SenderCache(), new SenderCache()};
  private final boolean[] down = new boolean[4];
  private final int byzantineIndex;
  private final Map<Long, Hash> finalAt = new HashMap<>();
  private final long[] checked = new long[4];
  private final List<AccountPrivateKey> clients = new ArrayList<>();
  private final long[] clientNonces = new long[2];
  final List<Transaction> submitted = new ArrayList<>();
  int replaysRefused;

  /** {@code byzantine} null: all honest; else node 3 lies that way. */
  Simulation(long seed, Faults faults, ByzantineNetwork.Mode byzantine) {
    this.seed = seed;
    this.rng = new Random(seed);
    this.faults = faults;
    this.byzantine = byzantine;
    this.byzantineIndex = byzantine == null ? -1 : 3;
    for (int i = 0; i < 6; i++) {
      AccountPrivateKey key = key(seed, i);
      (i < 4 ? keys : clients).add(key);
    }
    keys.forEach(k -> addresses.add(k.publicKey().address()));
    Map<Address, Long> balances = new HashMap<>();
    Map<Address, Long> deposits = new HashMap<>();
    addresses.forEach(a -> {
      balances.put(a, 1_000L);
      deposits.put(a, 100L);
    });
    clients.forEach(c -> balances.put(c.publicKey().address(), 1_000_000L));
    genesis = new Genesis(CHAIN_ID, addresses, balances, deposits, 5, 4, 1, 20, Genesis.DEFAULT_WEIGHTS, 10);
    for (int i = 0; i < 4; i++) {
      stores[i] = new MemoryBlockStore();
      startReplica(i);
    }
    if (faults.crashOne()) {
      at(faults.healAtMs() / 2, () -> down[1] = true);
      at(faults.healAtMs(), () -> {
        down[1] = false;
        startReplica(1); // a fresh process on the same (durable) store
      });
    }
  }

  /** Deterministic keys, so a seed reproduces the run exactly. */
  private static AccountPrivateKey key(long seed, int index) {
    try {
      return AccountPrivateKey.fromBytes(Hash.keccak(("sim-key-" + seed + "-" + index).getBytes()).toBytes());
    } catch (CryptoFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private void startReplica(int i) {
    Network network = new RoutedNetwork(i);
    if (i == byzantineIndex) {
      List<Address> peers = new ArrayList<>(addresses);
      peers.remove(i);
      network = new ByzantineNetwork(network, peers, keys.get(i), CHAIN_ID, byzantine, rng, () -> replicas[i].app());
    }
    int generation = ++generations[i];
    Timers timers = (timeout, delay) -> at(now + delay, () -> {
      if (!down[i] && generations[i] == generation) {
        replicas[i].onTimeout(timeout);
      }
    });
    replicas[i] = new Replica(keys.get(i), genesis, stores[i], CONFIG, network, timers, () -> now);
    at(now, () -> replicas[i].start());
  }

  private final int[] generations = new int[4];

  /**
   * Every node stops at once (what is in flight to them is lost) and, {@code downMs} later, starts
   * again as a fresh process on its durable store: a whole-chain restart.
   */
  void restartAll(long downMs) {
    java.util.Arrays.fill(down, true);
    at(now + downMs, () -> {
      for (int i = 0; i < 4; i++) {
        down[i] = false;
        startReplica(i);
      }
    });
  }

  private void at(long time, Runnable action) {
    queue.add(new Event(time, seq++, action));
  }

  /** Runs until simulated time {@code untilMs}, with client load and the configured faults. */
  void run(long untilMs) {
    long loadUntil = Math.min(untilMs, now + 4_000); // then idle: empty blocks are cheap to simulate
    for (long t = now + 50; t < loadUntil; t += 40 + rng.nextInt(80)) {
      at(t, this::clientStep);
    }
    while (!queue.isEmpty() && queue.peek().time <= untilMs) {
      Event event = queue.poll();
      now = event.time;
      event.action.run();
      checkInvariant();
    }
  }

  /** Each node's consensus state, one line each: what a failing test shows. */
  String describe() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      out.append("\n  node ").append(i).append(": ").append(replicas[i].core().describe());
    }
    return out.toString();
  }

  /** Runs event by event until every node has voted in its current round (none may vote there again). */
  void runUntilAllVoted(long untilMs) {
    while (!queue.isEmpty() && queue.peek().time <= untilMs) {
      if (java.util.Arrays.stream(replicas).noneMatch(r -> r.core().describe().contains("step PROPOSE"))) {
        return;
      }
      Event event = queue.poll();
      now = event.time;
      event.action.run();
      checkInvariant();
    }
    throw new AssertionError("seed " + seed + ": the nodes never all voted in one round before " + untilMs);
  }

  private void checkInvariant() {
    for (int i = 0; i < 4; i++) {
      if (i == byzantineIndex) {
        continue;
      }
      while (checked[i] < stores[i].lastHeight()) {
        long h = ++checked[i];
        CommittedBlock committed = stores[i].block(h).orElseThrow();
        Hash hash = committed.block().hash();
        Hash first = finalAt.putIfAbsent(h, hash);
        if (first != null && !first.equals(hash)) {
          throw new AssertionError("seed " + seed + ": two blocks final at height " + h + ": " + first + " and "
              + hash + " (node " + i + ")");
        }
        Verdict certificate = committed.qc().verify(hash, h, genesis.validatorSet());
        if (!certificate.ok()) {
          throw new AssertionError("seed " + seed + ": node " + i + " holds block " + h + " with a bad QC: "
              + certificate.reason());
        }
      }
    }
  }

  private void clientStep() {
    int c = rng.nextInt(2);
    int node = honestUp();
    if (node < 0) {
      return;
    }
    if (!submitted.isEmpty() && rng.nextInt(5) == 0) {
      // a replay: the same signed transaction again, to any node
      Transaction old = submitted.get(rng.nextInt(submitted.size()));
      if (!replicas[node].submit(List.of(old)).get(0).ok()) {
        replaysRefused++;
      }
      return;
    }
    AccountPrivateKey client = clients.get(c);
    Payload payload = switch (rng.nextInt(4)) {
      case 0 -> new Payload.Transfer(addresses.get(rng.nextInt(4)), 1 + rng.nextInt(50));
      case 1 -> new Payload.Anchor("fleet-" + c, Hash.keccak(Long.toString(rng.nextLong()).getBytes()), 10, 1, 2);
      case 2 -> new Payload.ProxyReceipt(Hash.keccak(Long.toString(rng.nextLong()).getBytes()), 3,
          Hash.keccak(Long.toString(rng.nextLong()).getBytes()));
      default -> Payload.Grant.consent("fleet-" + c, addresses.get(rng.nextInt(4)));
    };
    Transaction tx = Transaction.sign(client, CHAIN_ID, clientNonces[c]++, payload);
    submitted.add(tx);
    replicas[node].submit(List.of(tx));
  }

  private int honestUp() {
    List<Integer> up = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (!down[i] && i != byzantineIndex) {
        up.add(i);
      }
    }
    return up.isEmpty() ? -1 : up.get(rng.nextInt(up.size()));
  }

  List<Integer> honest() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      if (i != byzantineIndex) {
        out.add(i);
      }
    }
    return out;
  }

  long height(int node) {
    return stores[node].lastHeight();
  }

  MemoryBlockStore store(int node) {
    return stores[node];
  }

  // ------------------------------------------------------------------ the router

  private void deliver(int from, int to, Message message) {
    boolean faulty = now < faults.healAtMs();
    if (faulty && rng.nextDouble() < faults.drop()) {
      return;
    }
    int copies = faulty && rng.nextDouble() < faults.duplicate() ? 2 : 1;
    byte[] wire = Message.encode(message);
    for (int k = 0; k < copies; k++) {
      long delay = 1 + rng.nextInt(faulty ? faults.maxDelayMs() : 10);
      at(now + delay, () -> {
        if (down[to]) {
          return;
        }
        try {
          replicas[to].onMessage(addresses.get(from), Message.decode(wire, senders[to]));
        } catch (CodecException e) {
          throw new AssertionError("seed " + seed + ": a message did not round-trip: " + e.getMessage(), e);
        }
      });
    }
  }

  private final class RoutedNetwork implements Network {
    final int self;

    RoutedNetwork(int self) {
      this.self = self;
    }

    @Override
    public void broadcast(Message message) {
      if (down[self]) {
        return;
      }
      for (int to = 0; to < 4; to++) {
        if (to != self) {
          deliver(self, to, message);
        }
      }
    }

    @Override
    public void send(Address peer, Message message) {
      if (!down[self]) {
        deliver(self, addresses.indexOf(peer), message);
      }
    }
  }
}
