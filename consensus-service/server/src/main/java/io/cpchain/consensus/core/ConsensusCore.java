package io.cpchain.consensus.core;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Proposal;
import io.cpchain.consensus.api.QuorumCertificate;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.api.Vote.VoteType;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Tendermint consensus (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus", 2018,
 * Algorithm 1), one height at a time: propose, prevote, precommit; a validator locks on a block once
 * it saw 2f+1 prevotes for it (a polka) and only prevotes another block after a later polka; a block
 * is final with 2f+1 precommits, which form its certificate. Rounds change on timeouts that back
 * off exponentially, or when f+1 validators are already in a later round.
 *
 * <p>Pure: no threads, no I/O. Clock, timers, network and the application are injected; the caller
 * delivers every event from one thread. Every proposal and vote is checked here: signature, that the
 * signer is the round's proposer or a validator, and a validator's second vote in a step is ignored.
 * What it signed and locked is stored ({@link SafetyRecord}) before a vote leaves, so a restarted
 * validator never signs a conflicting vote. A node behind the others catches up by {@link BlockSync}.
 */
public final class ConsensusCore {

  private enum Step { PROPOSE, PREVOTE, PRECOMMIT }

  /**
   * Votes and proposals for rounds more than this past the current one are dropped (and counted):
   * each round kept costs a vote set, and a Byzantine validator can sign votes for any round. Honest
   * validators of one height are never this far apart: f+1 of them in a later round pull the others
   * there, and timeouts grow to 16 times their base, so 100 rounds is hours of failed rounds.
   */
  public static final int MAX_ROUNDS_AHEAD = 100;
  /** Messages for the next height kept until this node gets there. */
  public static final int MAX_EARLY = 1_000;

  /** What was dropped for being too far ahead: messages for later rounds of this height, for heights past the next. */
  public record Dropped(long rounds, long heights) {}

  private final AccountPrivateKey key;
  private final Address self;
  private final Application app;
  private final Network network;
  private final Timers timers;
  private final LongSupplier clock;
  private final ConsensusConfig config;
  private final SafetyStore store;
  private final ValidatorSet validators;
  private final BlockSync sync;

  private long height;
  private int round;
  private Step step;
  private Block lockedValue;
  private int lockedRound = -1;
  private Block validValue;
  private int validRound = -1;
  private boolean waitingForTxs;
  private long transitions; // bumped by every state change: evaluate() reruns the rules until it stops

  private final Map<Integer, Map<Hash, Proposal>> proposals = new HashMap<>();
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  private final Map<Hash, Verdict> validity = new HashMap<>();
  private final Set<Vote> seenVotes = new HashSet<>();
  private final List<Map.Entry<Address, Message>> early = new ArrayList<>();
  private final Set<String> done = new HashSet<>();
  private SafetyRecord lastSigned; // never sign at or before it again; null: nothing signed yet
  private final List<Vote> restoredPolka = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private long droppedRounds;
  private long droppedHeights;

  public ConsensusCore(AccountPrivateKey key, Application app, Network network, Timers timers, LongSupplier clock,
      ConsensusConfig config, SafetyStore store) {
    this.key = key;
    this.self = key.publicKey().address();
    this.app = app;
    this.network = network;
    this.timers = timers;
    this.clock = clock;
    this.config = config;
    this.store = store;
    this.validators = app.validators();
    this.sync = new BlockSync(app, network, clock, config, this::reject);
  }

  /**
   * Starts at the height after the last final block, restoring any lock kept from before a restart,
   * in the round after the last one it signed in at this height: it may not sign again in that round,
   * so if every validator restarted there, none would vote and no timeout would move them on. Rounds
   * may always be skipped; the restored lock keeps it safe.
   */
  public void start() {
    height = app.height() + 1;
    store.loadSafety().ifPresent(this::restoreSafety);
    boolean signedAtThisHeight = lastSigned != null && lastSigned.height() == height;
    startRound(signedAtThisHeight ? lastSigned.round() + 1 : 0);
    restoredPolka.forEach(vote -> onVote(self, vote)); // checked like any vote, then relayed with the others
    restoredPolka.clear();
    evaluate();
  }

  public long height() {
    return height;
  }

  public int round() {
    return round;
  }

  /** One line of the core's state for logs and the status API. */
  public String describe() {
    StringBuilder out = new StringBuilder("height " + height + " round " + round + " step " + step + " locked "
        + lockedRound + " valid " + validRound + " dropped-ahead " + droppedRounds + "r/" + droppedHeights + "h");
    for (int r : new TreeMap<>(prevotes).keySet()) {
      out.append(" | r").append(r).append(" prevotes ").append(prevotes.get(r).describe());
    }
    for (int r : new TreeMap<>(precommits).keySet()) {
      out.append(" | r").append(r).append(" precommits ").append(precommits.get(r).describe());
    }
    return out.toString();
  }

  /** Messages dropped so far for being too far ahead. */
  public Dropped droppedFarAhead() {
    return new Dropped(droppedRounds, droppedHeights);
  }

  /** Why recent inputs were refused (bad signature, not a validator...): for tests and logs. */
  public List<String> rejected() {
    return rejected;
  }

  // ------------------------------------------------------------------ inputs

  public void onMessage(Address from, Message message) {
    if (message instanceof Message.ProposalMessage m) {
      onProposal(from, m.proposal());
    } else if (message instanceof Message.VoteMessage m) {
      onVote(from, m.vote());
    } else if (message instanceof Message.SyncRequest m) {
      sync.onRequest(from, m.fromHeight());
    } else if (message instanceof Message.SyncResponse m && sync.onResponse(m.blocks())) {
      newHeight();
      evaluate();
    }
  }

  /** Transactions arrived: an idle proposer waiting for them proposes now. */
  public void onTxsAvailable() {
    if (waitingForTxs && step == Step.PROPOSE) {
      waitingForTxs = false;
      propose();
      evaluate();
    }
  }

  public void onTimeout(Timeout timeout) {
    if (timeout.height() != height || timeout.round() != round) {
      return;
    }
    switch (timeout.kind()) {
      case PROPOSE_WAIT -> onTxsAvailable();
      case RESEND -> resend();
      case PROPOSE -> {
        if (step == Step.PROPOSE) {
          vote(VoteType.PREVOTE, Hash.ZERO);
          step = Step.PREVOTE;
        }
      }
      case PREVOTE -> {
        if (step == Step.PREVOTE) {
          vote(VoteType.PRECOMMIT, Hash.ZERO);
          step = Step.PRECOMMIT;
        }
      }
      case PRECOMMIT -> startRound(round + 1);
    }
    evaluate();
  }

  private void onProposal(Address from, Proposal proposal) {
    if (proposal.block().header().chainId() != validators.chainId()) {
      reject("proposal for another chain from " + from);
      return;
    }
    if (proposal.height() != height) {
      if (proposal.height() > height) {
        keepForNextHeight(from, proposal.height(), new Message.ProposalMessage(proposal));
        sync.request(from, height);
      }
      return;
    }
    if (!roundInWindow(proposal.round())) {
      return;
    }
    Optional<Address> signer = proposal.signer();
    if (signer.isEmpty() || !signer.get().equals(app.proposer(height, proposal.round()))) {
      reject("proposal for " + height + "/" + proposal.round() + " not signed by its proposer");
      return;
    }
    Map<Hash, Proposal> inRound = proposals.computeIfAbsent(proposal.round(), r -> new LinkedHashMap<>());
    if (inRound.size() >= 2 && !inRound.containsKey(proposal.block().hash())) {
      return; // an equivocating proposer: two are enough to see it, more is flooding
    }
    inRound.putIfAbsent(proposal.block().hash(), proposal);
    evaluate();
  }

  /**
   * The paper's liveness assumes gossip: what one honest node received, every honest node
   * eventually receives. A transport may drop, and a Byzantine validator may send different votes
   * to different peers. So while a round lasts, each node periodically relays every vote it holds
   * for this height (its own and others'): after the network heals all honest nodes see the same
   * polkas, and a node left at a lower height sees it is behind and syncs. Proposals are not
   * relayed (they are large): a lost one costs a round, or the block comes by sync.
   */
  private void resend() {
    for (Map<Integer, VoteSet> votes : List.of(prevotes, precommits)) {
      votes.values().forEach(set -> set.all().forEach(v -> network.broadcast(new Message.VoteMessage(v))));
    }
    timers.schedule(new Timeout(Timeout.Kind.RESEND, height, round), config.voteTimeoutMs());
  }

  private void onVote(Address from, Vote vote) {
    if (vote.chainId() != validators.chainId()) {
      return;
    }
    if (vote.height() != height) {
      if (vote.height() > height) {
        keepForNextHeight(from, vote.height(), new Message.VoteMessage(vote));
        sync.request(from, height);
      }
      return;
    }
    if (!roundInWindow(vote.round())) {
      return;
    }
    if (seenVotes.contains(vote)) {
      return; // a repeat: its signature was checked already
    }
    Optional<Address> voter = vote.voter();
    if (voter.isEmpty() || !validators.contains(voter.get())) {
      reject("vote for " + vote.height() + "/" + vote.round() + " not signed by a validator (from " + from + ")");
      return;
    }
    VoteSet votes = (vote.type() == VoteType.PREVOTE ? prevotes : precommits)
        .computeIfAbsent(vote.round(), r -> new VoteSet());
    if (!votes.add(voter.get(), vote, hash -> knownBlock(hash) != null)) {
      return; // not kept: a relay may bring it again once its block is known
    }
    seenVotes.add(vote);
    if (votes.equivocated(voter.get())) {
      reject("equivocating " + vote.type() + " by " + voter.get() + " at " + height + "/" + vote.round());
    }
    evaluate();
  }

  // ------------------------------------------------------------------ the algorithm

  private void startRound(int newRound) {
    round = newRound;
    step = Step.PROPOSE;
    waitingForTxs = false;
    transitions++;
    timers.schedule(new Timeout(Timeout.Kind.RESEND, height, round), config.voteTimeoutMs());
    if (app.proposer(height, round).equals(self)) {
      boolean idle = validValue == null && round == 0 && !app.hasPendingTxs();
      if (idle && config.emptyBlockIntervalMs() > 0) {
        waitingForTxs = true;
        timers.schedule(new Timeout(Timeout.Kind.PROPOSE_WAIT, height, round), config.emptyBlockIntervalMs());
      } else {
        propose();
      }
    }
    // Also for the proposer: one restarted after signing this round's proposal cannot propose again.
    // In round 0 the proposer may wait for transactions first: allow for that before giving up on it.
    long wait = config.proposeTimeout(round) + (round == 0 ? config.emptyBlockIntervalMs() : 0);
    timers.schedule(new Timeout(Timeout.Kind.PROPOSE, height, round), wait);
  }

  private void propose() {
    if (!mayPropose()) {
      return;
    }
    Block block = validValue != null ? validValue
        : app.propose(round, Math.max(clock.getAsLong(), app.lastTimestampMs() + 1));
    Proposal proposal = Proposal.sign(key, block, round, validValue != null ? validRound : -1);
    network.broadcast(new Message.ProposalMessage(proposal));
    proposals.computeIfAbsent(round, r -> new LinkedHashMap<>()).putIfAbsent(block.hash(), proposal);
  }

  /** Applies every upon-rule whose condition now holds, until none does. */
  private void evaluate() {
    long before;
    do {
      before = transitions;
      evaluateOnce();
    } while (transitions != before);
  }

  private void evaluateOnce() {
    if (tryDecide() || skipToLaterRound()) {
      return;
    }
    Proposal proposal = firstProposal(round);
    if (step == Step.PROPOSE && proposal != null) {
      Block v = proposal.block();
      int vr = proposal.polRound();
      if (vr == -1) {
        // Only a fresh proposal is judged by this node's clock: a value re-proposed with a polka
        // already passed 2f+1 clocks, and refusing it here could stall the height.
        boolean ok = timely(v) && valid(v) && (lockedRound == -1 || v.equals(lockedValue));
        prevote(ok ? v.hash() : Hash.ZERO);
      } else if (vr < round && hasQuorum(prevotes, vr, v.hash())) {
        boolean ok = valid(v) && (lockedRound <= vr || v.equals(lockedValue));
        prevote(ok ? v.hash() : Hash.ZERO);
      }
    }
    if (step == Step.PREVOTE && total(prevotes, round) >= validators.quorum() && once("prevote-timer")) {
      timers.schedule(new Timeout(Timeout.Kind.PREVOTE, height, round), config.voteTimeout(round));
    }
    if (step != Step.PROPOSE) {
      for (Proposal p : proposals.getOrDefault(round, Map.of()).values()) {
        Block v = p.block();
        if (hasQuorum(prevotes, round, v.hash()) && valid(v) && once("polka")) {
          // The paper sets validValue after broadcasting the precommit; set it first, so the safety
          // record the vote persists has it: a restarted proposer must re-propose it, or validators
          // locked on it and the others never form a polka again.
          validValue = v;
          validRound = round;
          if (step == Step.PREVOTE) {
            lockedValue = v;
            lockedRound = round;
            vote(VoteType.PRECOMMIT, v.hash());
            step = Step.PRECOMMIT;
          }
          break;
        }
      }
    }
    if (step == Step.PREVOTE && hasQuorum(prevotes, round, Hash.ZERO)) {
      vote(VoteType.PRECOMMIT, Hash.ZERO);
      step = Step.PRECOMMIT;
      transitions++;
    }
    if (total(precommits, round) >= validators.quorum() && once("precommit-timer")) {
      timers.schedule(new Timeout(Timeout.Kind.PRECOMMIT, height, round), config.voteTimeout(round));
    }
  }

  private void prevote(Hash hash) {
    vote(VoteType.PREVOTE, hash);
    step = Step.PREVOTE;
    transitions++;
  }

  /** Rule: 2f+1 precommits for a block of any round of this height and we hold that block: it is final. */
  private boolean tryDecide() {
    for (Map.Entry<Integer, VoteSet> entry : new TreeMap<>(precommits).entrySet()) {
      int r = entry.getKey();
      for (Hash hash : entry.getValue().hashes()) {
        List<RecoverableSignature> signatures = entry.getValue().signatures(hash);
        if (hash.isZero() || signatures.size() < validators.quorum()) {
          continue;
        }
        Block block = knownBlock(hash);
        if (block != null && valid(block)) {
          QuorumCertificate qc = new QuorumCertificate(validators.chainId(), height, r, hash, signatures);
          commit(new CommittedBlock(block, qc));
          return true;
        }
      }
    }
    return false;
  }

  /** Rule: f+1 validators sent messages for a later round of this height: some honest one is there, join it. */
  private boolean skipToLaterRound() {
    Map<Integer, Set<Address>> senders = new TreeMap<>();
    for (Map<Integer, VoteSet> votes : List.of(prevotes, precommits)) {
      votes.forEach((r, set) -> {
        if (r > round) {
          senders.computeIfAbsent(r, x -> new HashSet<>()).addAll(set.voterSet());
        }
      });
    }
    for (Map.Entry<Integer, Set<Address>> entry : senders.entrySet()) {
      if (entry.getValue().size() > validators.maxFaulty()) {
        startRound(entry.getKey());
        return true;
      }
    }
    return false;
  }

  private void commit(CommittedBlock committed) {
    app.commit(committed);
    newHeight();
  }

  /** Whether a message of round {@code r} of this height may be kept: not negative, at most {@link #MAX_ROUNDS_AHEAD} ahead; counted if not. */
  private boolean roundInWindow(int r) {
    if (r >= 0 && r <= (long) round + MAX_ROUNDS_AHEAD) {
      return true;
    }
    droppedRounds++;
    return false;
  }

  /**
   * A peer that finished the height first may propose and vote for the next one before this node
   * has the block: keep those (bounded) and replay them at the next height, or a proposal would be
   * lost and the round with it.
   */
  private void keepForNextHeight(Address from, long messageHeight, Message message) {
    if (messageHeight == height + 1 && early.size() < MAX_EARLY) {
      early.add(Map.entry(from, message));
    } else {
      droppedHeights++;
    }
  }

  private void newHeight() {
    List<Map.Entry<Address, Message>> replay = new ArrayList<>(early);
    early.clear();
    height = app.height() + 1;
    proposals.clear();
    prevotes.clear();
    precommits.clear();
    validity.clear();
    seenVotes.clear();
    done.clear();
    lockedValue = null;
    lockedRound = -1;
    validValue = null;
    validRound = -1;
    startRound(0);
    for (Map.Entry<Address, Message> kept : replay) {
      onMessage(kept.getKey(), kept.getValue());
    }
  }

  // ------------------------------------------------------------------ helpers

  private Proposal firstProposal(int r) {
    Map<Hash, Proposal> inRound = proposals.get(r);
    return inRound == null || inRound.isEmpty() ? null : inRound.values().iterator().next();
  }

  /** A block of this height we hold: proposed in some round, or locked on / seen a polka for before a restart. */
  private Block knownBlock(Hash hash) {
    for (Block held : new Block[] {lockedValue, validValue}) {
      if (held != null && held.hash().equals(hash)) {
        return held;
      }
    }
    for (Map<Hash, Proposal> inRound : proposals.values()) {
      Proposal p = inRound.get(hash);
      if (p != null) {
        return p.block();
      }
    }
    return null;
  }

  private boolean timely(Block block) {
    long aheadMs = block.header().timestampMs() - clock.getAsLong();
    if (aheadMs > config.maxProposalAheadMs()) {
      reject("proposal " + block + " dated " + aheadMs + " ms ahead of this node's clock (max "
          + config.maxProposalAheadMs() + " ms)");
      return false;
    }
    return true;
  }

  private boolean valid(Block block) {
    return validity.computeIfAbsent(block.hash(), h -> {
      Verdict verdict = app.validate(block);
      if (!verdict.ok()) {
        reject("invalid block " + block + ": " + verdict.reason());
      }
      return verdict;
    }).ok();
  }

  private static int total(Map<Integer, VoteSet> votes, int r) {
    VoteSet set = votes.get(r);
    return set == null ? 0 : set.voters();
  }

  private boolean hasQuorum(Map<Integer, VoteSet> votes, int r, Hash hash) {
    VoteSet set = votes.get(r);
    return set != null && set.count(hash) >= validators.quorum();
  }

  private boolean once(String what) {
    boolean first = done.add(what + "@" + round);
    if (first) {
      transitions++;
    }
    return first;
  }

  private void reject(String why) {
    if (rejected.size() < 1000) {
      rejected.add(why);
    }
  }

  // ------------------------------------------------------------------ signing safety

  private void vote(VoteType type, Hash hash) {
    SafetyRecord.Step signing = type == VoteType.PREVOTE ? SafetyRecord.Step.PREVOTE : SafetyRecord.Step.PRECOMMIT;
    if (!validators.contains(self) || !advanceSigned(signing)) {
      return;
    }
    Vote vote = Vote.sign(key, type, validators.chainId(), height, round, hash);
    network.broadcast(new Message.VoteMessage(vote));
    (type == VoteType.PREVOTE ? prevotes : precommits).computeIfAbsent(round, r -> new VoteSet()).add(self, vote, h -> true);
  }

  private boolean mayPropose() {
    return advanceSigned(SafetyRecord.Step.PROPOSAL);
  }

  /** Persists the position signed at and the lock before signing; refuses anything not strictly later. */
  private boolean advanceSigned(SafetyRecord.Step signing) {
    if (lastSigned != null && !lastSigned.allows(height, round, signing)) {
      return false;
    }
    // The polka behind validValue: after a restart it is relayed again, or peers that never saw it
    // could not accept the re-proposal of validValue, and validators locked on it would never unlock.
    List<Vote> polka = validValue == null ? List.of() : prevotes.getOrDefault(validRound, new VoteSet()).all().stream()
        .filter(v -> v.blockHash().equals(validValue.hash())).toList();
    lastSigned = new SafetyRecord(height, round, signing, lockedRound, lockedValue, validRound, validValue, polka);
    store.saveSafety(lastSigned.encode());
    return true;
  }

  private void restoreSafety(byte[] encoded) {
    SafetyRecord record;
    try {
      record = SafetyRecord.decode(encoded);
    } catch (CodecException e) {
      throw new IllegalStateException("the stored safety record is unreadable: " + e.getMessage(), e);
    }
    lastSigned = record;
    if (record.height() == height) {
      lockedRound = record.lockedRound();
      lockedValue = record.lockedValue();
      validRound = record.validRound();
      validValue = record.validValue();
      restoredPolka.addAll(record.polka());
    }
  }
}
