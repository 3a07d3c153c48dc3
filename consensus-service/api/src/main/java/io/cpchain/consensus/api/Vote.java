package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * A prevote or precommit for a block hash ({@link Hash#ZERO} is nil) at a height and round. One
 * signature per vote over {@code "cpchain/vote/v1" | chainId | type | height | round | blockHash};
 * the voter is the address that signature recovers.
 */
public record Vote(VoteType type, long chainId, long height, int round, Hash blockHash, RecoverableSignature signature) {

  public enum VoteType { PREVOTE, PRECOMMIT }

  private static final byte[] DOMAIN = "cpchain/vote/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public static Vote sign(AccountPrivateKey key, VoteType type, long chainId, long height, int round, Hash blockHash) {
    return new Vote(type, chainId, height, round, blockHash, key.sign(signedBytes(type, chainId, height, round, blockHash)));
  }

  public static byte[] signedBytes(VoteType type, long chainId, long height, int round, Hash blockHash) {
    return new Encoder().raw(DOMAIN).i64(chainId).u8(type.ordinal()).i64(height).i32(round).hash(blockHash).toBytes();
  }

  /** The voter, or empty if the signature recovers no key. */
  public Optional<Address> voter() {
    try {
      return Optional.of(signature.recover(signedBytes(type, chainId, height, round, blockHash)).address());
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  public boolean isNil() {
    return blockHash.isZero();
  }

  void write(Encoder out) {
    out.u8(type.ordinal()).i64(chainId).i64(height).i32(round).hash(blockHash).signature(signature);
  }

  static Vote read(Decoder in) throws CodecException {
    int type = in.u8();
    if (type >= VoteType.values().length) {
      throw new CodecException("unknown vote type " + type);
    }
    return new Vote(VoteType.values()[type], in.i64(), in.i64(), in.i32(), in.hash(), in.signature());
  }
}
