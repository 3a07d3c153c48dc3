package io.cpchain.consensus.api;

import java.util.List;

/**
 * What nodes send each other. Wire format (version 1): {@code 0x01 | tag u8 | body}. Messages carry
 * their own signatures (votes, proposals, transactions, certificates), so a relay cannot forge them.
 */
public sealed interface Message {

  int VERSION = 1;

  record ProposalMessage(Proposal proposal) implements Message {}

  record VoteMessage(Vote vote) implements Message {}

  record TxsMessage(List<Transaction> txs) implements Message {}

  /** Asks for final blocks from {@code fromHeight} on. */
  record SyncRequest(long fromHeight) implements Message {}

  record SyncResponse(List<CommittedBlock> blocks) implements Message {}

  static byte[] encode(Message message) {
    Encoder out = new Encoder().u8(VERSION);
    // Java 17 has no pattern switch: one instanceof per kind.
    if (message instanceof ProposalMessage m) {
      m.proposal().write(out.u8(1));
    } else if (message instanceof VoteMessage m) {
      m.vote().write(out.u8(2));
    } else if (message instanceof TxsMessage m) {
      out.u8(3).i32(m.txs().size());
      m.txs().forEach(tx -> tx.write(out));
    } else if (message instanceof SyncRequest m) {
      out.u8(4).i64(m.fromHeight());
    } else {
      SyncResponse m = (SyncResponse) message;
      out.u8(5).i32(m.blocks().size());
      m.blocks().forEach(b -> b.write(out));
    }
    return out.toBytes();
  }

  static Message decode(byte[] bytes) throws CodecException {
    return decode(bytes, SenderCache.NONE);
  }

  /** The transactions it carries (gossip, proposals, synced blocks) find and leave their senders in {@code senders}. */
  static Message decode(byte[] bytes, SenderCache senders) throws CodecException {
    Decoder in = new Decoder(bytes, senders);
    int version = in.u8();
    if (version != VERSION) {
      throw new CodecException("unknown message version " + version);
    }
    Message message = switch (in.u8()) {
      case 1 -> new ProposalMessage(Proposal.read(in));
      case 2 -> new VoteMessage(Vote.read(in));
      case 3 -> new TxsMessage(in.list(1, Transaction::read));
      case 4 -> new SyncRequest(in.i64());
      case 5 -> new SyncResponse(in.list(1, CommittedBlock::read));
      default -> throw new CodecException("unknown message type");
    };
    in.end();
    return message;
  }
}
