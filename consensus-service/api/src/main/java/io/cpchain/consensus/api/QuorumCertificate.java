package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Proof that a block is final: precommit signatures of at least 2f+1 distinct validators for
 * {@code blockHash} at {@code height} and {@code round}. Anyone with the validator set can check it.
 */
public record QuorumCertificate(long chainId, long height, int round, Hash blockHash, List<RecoverableSignature> signatures) {

  public QuorumCertificate {
    signatures = List.copyOf(signatures);
  }

  /** {@link Verdict#OK} if valid, else refused with the reason: wrong block, a signer outside the set, a repeated signer, too few. */
  public Verdict verify(Hash expectedBlock, long expectedHeight, ValidatorSet validators) {
    if (chainId != validators.chainId() || height != expectedHeight || !blockHash.equals(expectedBlock)) {
      return Verdict.refused("certificate is for another chain, height or block");
    }
    byte[] signed = Vote.signedBytes(Vote.VoteType.PRECOMMIT, chainId, height, round, blockHash);
    Set<Address> signers = new HashSet<>();
    for (RecoverableSignature signature : signatures) {
      Address signer;
      try {
        signer = signature.recover(signed).address();
      } catch (GeneralSecurityException e) {
        return Verdict.refused("a signature recovers no key");
      }
      if (!validators.contains(signer)) {
        return Verdict.refused("signer " + signer + " is not a validator");
      }
      if (!signers.add(signer)) {
        return Verdict.refused("signer " + signer + " counted twice");
      }
    }
    return Verdict.check(signers.size() >= validators.quorum(),
        "only " + signers.size() + " of " + validators.quorum() + " needed signatures");
  }

  public byte[] encode() {
    Encoder out = new Encoder();
    write(out);
    return out.toBytes();
  }

  void write(Encoder out) {
    out.i64(chainId).i64(height).i32(round).hash(blockHash).i32(signatures.size());
    signatures.forEach(out::signature);
  }

  public static QuorumCertificate decode(byte[] bytes) throws CodecException {
    Decoder in = new Decoder(bytes);
    QuorumCertificate qc = read(in);
    in.end();
    return qc;
  }

  static QuorumCertificate read(Decoder in) throws CodecException {
    long chainId = in.i64();
    long height = in.i64();
    int round = in.i32();
    Hash hash = in.hash();
    return new QuorumCertificate(chainId, height, round, hash, in.list(65, Decoder::signature));
  }
}
