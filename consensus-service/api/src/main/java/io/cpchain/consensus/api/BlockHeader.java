package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;

/**
 * A block header. {@code round} is the round it was first proposed in (proposers of earlier rounds
 * missed their slot), {@code txRoot} the RFC 6962 root over the transaction hashes, {@code stateRoot}
 * the state root after executing the block. The block hash is Keccak-256 of this encoding.
 */
public record BlockHeader(long chainId, long height, int round, Hash prevHash, Address proposer, long timestampMs,
    Hash txRoot, Hash stateRoot) {

  void write(Encoder out) {
    out.i64(chainId).i64(height).i32(round).hash(prevHash).address(proposer).i64(timestampMs).hash(txRoot)
        .hash(stateRoot);
  }

  static BlockHeader read(Decoder in) throws CodecException {
    return new BlockHeader(in.i64(), in.i64(), in.i32(), in.hash(), in.address(), in.i64(), in.hash(), in.hash());
  }

  public Hash hash() {
    Encoder out = new Encoder();
    write(out);
    return Hash.keccak(out.toBytes());
  }
}
