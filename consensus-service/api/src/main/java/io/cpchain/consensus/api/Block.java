package io.cpchain.consensus.api;

import io.cpchain.crypto.merkle.MerkleTree;
import java.util.ArrayList;
import java.util.List;

/** A block: header and transactions. Wire format (version 1): {@code 0x01 | header | count i32 | txs}. */
public final class Block {

  public static final int VERSION = 1;
  private static final int MIN_TX_SIZE = 1 + 8 + 8 + 1 + 8 + 65;

  private final BlockHeader header;
  private final List<Transaction> txs;
  private final Hash hash;

  public Block(BlockHeader header, List<Transaction> txs) {
    this.header = header;
    this.txs = List.copyOf(txs);
    this.hash = header.hash();
  }

  /** RFC 6962 root over the transactions' hashes, in block order. */
  public static Hash txRoot(List<Transaction> txs) {
    List<byte[]> leaves = new ArrayList<>(txs.size());
    txs.forEach(tx -> leaves.add(tx.hash().toBytes()));
    return Hash.of(MerkleTree.of(leaves).root());
  }

  public BlockHeader header() {
    return header;
  }

  public long height() {
    return header.height();
  }

  public List<Transaction> txs() {
    return txs;
  }

  public Hash hash() {
    return hash;
  }

  public byte[] encode() {
    Encoder out = new Encoder();
    write(out);
    return out.toBytes();
  }

  void write(Encoder out) {
    out.u8(VERSION);
    header.write(out);
    out.i32(txs.size());
    txs.forEach(tx -> tx.write(out));
  }

  public static Block decode(byte[] bytes) throws CodecException {
    Decoder in = new Decoder(bytes);
    Block block = read(in);
    in.end();
    return block;
  }

  static Block read(Decoder in) throws CodecException {
    int version = in.u8();
    if (version != VERSION) {
      throw new CodecException("unknown block version " + version);
    }
    BlockHeader header = BlockHeader.read(in);
    return new Block(header, in.list(MIN_TX_SIZE, Transaction::read));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Block block && hash.equals(block.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "Block(" + header.height() + "/" + header.round() + " " + hash + " txs=" + txs.size() + ")";
  }
}
