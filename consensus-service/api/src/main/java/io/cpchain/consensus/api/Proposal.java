package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * The proposer's block for a round, with its proof-of-lock round ({@code polRound}, -1 if none):
 * signed over {@code "cpchain/proposal/v1" | chainId | height | round | polRound | blockHash}.
 */
public record Proposal(Block block, int round, int polRound, RecoverableSignature signature) {

  private static final byte[] DOMAIN = "cpchain/proposal/v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public static Proposal sign(AccountPrivateKey key, Block block, int round, int polRound) {
    return new Proposal(block, round, polRound, key.sign(signedBytes(block, round, polRound)));
  }

  private static byte[] signedBytes(Block block, int round, int polRound) {
    return new Encoder().raw(DOMAIN).i64(block.header().chainId()).i64(block.height()).i32(round).i32(polRound)
        .hash(block.hash()).toBytes();
  }

  public long height() {
    return block.height();
  }

  public Optional<Address> signer() {
    try {
      return Optional.of(signature.recover(signedBytes(block, round, polRound)).address());
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  void write(Encoder out) {
    block.write(out);
    out.i32(round).i32(polRound).signature(signature);
  }

  static Proposal read(Decoder in) throws CodecException {
    return new Proposal(Block.read(in), in.i32(), in.i32(), in.signature());
  }
}
