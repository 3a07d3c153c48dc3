package io.cpchain.consensus.transport;

import io.cpchain.consensus.api.Block;
import io.cpchain.consensus.api.BlockHeader;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Message;
import io.cpchain.consensus.api.Proposal;
import io.cpchain.consensus.api.Vote;
import io.cpchain.consensus.core.Network;
import io.cpchain.consensus.state.ChainApplication;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A lying validator, for tests: wraps an honest node's outbound side and twists what it says.
 * EQUIVOCATE: as proposer, a second valid block for the same slot to half the peers, and votes for
 * different blocks to different peers. BAD_SIGNATURES: votes whose signature is over another message.
 * INVALID_BLOCKS: proposals whose state root is false, voted for by this node, and votes for random
 * hashes. MIXED picks one of these per message.
 */
public final class ByzantineNetwork implements Network {

  public enum Mode { EQUIVOCATE, BAD_SIGNATURES, INVALID_BLOCKS, MIXED }

  private final Network delegate;
  private final List<Address> peers;
  private final AccountPrivateKey key;
  private final long chainId;
  private final Mode mode;
  private final Random random;
  private final Supplier<ChainApplication> app;

  public ByzantineNetwork(Network delegate, List<Address> peers, AccountPrivateKey key, long chainId, Mode mode,
      Random random, Supplier<ChainApplication> app) {
    this.delegate = delegate;
    this.peers = List.copyOf(peers);
    this.key = key;
    this.chainId = chainId;
    this.mode = mode;
    this.random = random;
    this.app = app;
  }

  private Mode pick() {
    return mode == Mode.MIXED ? Mode.values()[random.nextInt(3)] : mode;
  }

  @Override
  public synchronized void broadcast(Message message) {
    Mode now = pick();
    if (message instanceof Message.ProposalMessage m) {
      lieAboutProposal(m.proposal(), now);
    } else if (message instanceof Message.VoteMessage m) {
      Vote v = m.vote();
      Hash randomHash = Hash.keccak(Long.toString(random.nextLong()).getBytes());
      for (int i = 0; i < peers.size(); i++) {
        Vote out = switch (now) {
          // signs one thing, claims another: the signature recovers some other key
          case BAD_SIGNATURES -> new Vote(v.type(), v.chainId(), v.height(), v.round(), v.blockHash(),
              key.sign(randomHash.toBytes()));
          case EQUIVOCATE -> i % 2 == 0 ? Vote.sign(key, v.type(), chainId, v.height(), v.round(), randomHash) : v;
          default -> Vote.sign(key, v.type(), chainId, v.height(), v.round(), randomHash);
        };
        delegate.send(peers.get(i), new Message.VoteMessage(out));
      }
    } else {
      delegate.broadcast(message);
    }
  }

  private void lieAboutProposal(Proposal honest, Mode now) {
    Block block = honest.block();
    BlockHeader h = block.header();
    Block other = now == Mode.EQUIVOCATE
        ? app.get().propose(honest.round(), h.timestampMs() + 1) // a second valid block for the slot
        : new Block(new BlockHeader(h.chainId(), h.height(), h.round(), h.prevHash(), h.proposer(), h.timestampMs(),
            h.txRoot(), Hash.keccak(h.stateRoot().toBytes())), block.txs()); // a false state root
    Proposal twin = Proposal.sign(key, other, honest.round(), -1);
    for (int i = 0; i < peers.size(); i++) {
      boolean lie = i % 2 == 0 || now != Mode.EQUIVOCATE;
      delegate.send(peers.get(i), new Message.ProposalMessage(lie ? twin : honest));
    }
    if (now != Mode.EQUIVOCATE) {
      for (Vote.VoteType type : Vote.VoteType.values()) {
        delegate.broadcast(new Message.VoteMessage(Vote.sign(key, type, chainId, h.height(), honest.round(),
            other.hash())));
      }
    }
  }

  @Override
  public void send(Address peer, Message message) {
    delegate.send(peer, message);
  }
}
