package io.cpchain.anchor.verify;

import io.cpchain.schemas.Bytes;
import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.Payload;
import io.cpchain.consensus.api.Transaction;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.client.ChainClient;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.merkle.InclusionProof;
import io.cpchain.schemas.AnchorReceipt;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Checks a manifest against its receipt and the chain, trusting nothing but the validator set (from
 * genesis): the manifest's bytes hash to the receipt's leaf, the inclusion proof leads from that leaf
 * to the batch root, the block at the receipt's height carries a quorum certificate of the validators,
 * is the block the receipt names, and holds the Anchor transaction of that root. The first check that
 * fails is the verdict, with what exactly failed.
 */
public final class ReceiptVerifier {

  public enum Outcome {
    VERIFIED, MANIFEST_ALTERED, PROOF_WRONG, MISSING_ON_CHAIN, WRONG_BLOCK, CERTIFICATE_INVALID, CHUNK_ALTERED,
    CHUNK_MISSING
  }

  public record Verdict(Outcome outcome, String detail) {
    public boolean verified() {
      return outcome == Outcome.VERIFIED;
    }

    @Override
    public String toString() {
      return verified() ? "verified" : outcome.name().toLowerCase().replace('_', ' ') + ": " + detail;
    }
  }

  /** Final blocks by height, with their certificates, from wherever they come. */
  @FunctionalInterface
  public interface Blocks {
    Optional<CommittedBlock> at(long height) throws CodecException;
  }

  private final Blocks blocks;
  private final ValidatorSet validators;

  public ReceiptVerifier(Blocks blocks, ValidatorSet validators) {
    this.blocks = blocks;
    this.validators = validators;
  }

  /** Blocks from a chain node: the node is not trusted, every block's certificate is checked. */
  public static Blocks from(ChainClient node) {
    return height -> {
      var info = node.block(height);
      return info.isEmpty() ? Optional.empty() : Optional.of(ChainClient.decode(info.get()));
    };
  }

  public Verdict verify(byte[] publishedManifest, AnchorReceipt receipt) {
    byte[] leaf = Bytes.of(receipt.getManifestHash());
    if (!MessageDigest.isEqual(ManifestRef.hashOf(publishedManifest), leaf)) {
      return new Verdict(Outcome.MANIFEST_ALTERED, "the manifest of " + receipt.getDeviceId() + " ["
          + receipt.getIntervalStartMs() + ", " + receipt.getIntervalEndMs() + ") does not hash to its receipt's leaf");
    }
    return verifyLeaf(receipt);
  }

  /** Everything but the manifest bytes: the receipt's leaf is in a batch anchored in a final block. */
  public Verdict verifyLeaf(AnchorReceipt receipt) {
    byte[] root = Bytes.of(receipt.getBatchRoot());
    InclusionProof proof;
    try {
      proof = InclusionProof.fromBytes(Bytes.of(receipt.getInclusionProof()));
    } catch (CryptoFormatException e) {
      return new Verdict(Outcome.PROOF_WRONG, e.getMessage());
    }
    if (proof.leafIndex() != receipt.getLeafIndex() || proof.treeSize() != receipt.getLeafCount()
        || !proof.verifyLeaf(Bytes.of(receipt.getManifestHash()), root)) {
      return new Verdict(Outcome.PROOF_WRONG, "leaf " + receipt.getLeafIndex() + " of " + receipt.getLeafCount()
          + " does not lead to root " + Hash.of(root));
    }
    long height = receipt.getBlockHeight();
    Optional<CommittedBlock> found;
    try {
      found = blocks.at(height);
    } catch (CodecException e) {
      return new Verdict(Outcome.CERTIFICATE_INVALID, "block " + height + " does not decode: " + e.getMessage());
    }
    if (found.isEmpty()) {
      return new Verdict(Outcome.MISSING_ON_CHAIN, "no final block at height " + height);
    }
    CommittedBlock block = found.get();
    var certificate = block.qc().verify(block.block().hash(), height, validators);
    if (!certificate.ok() || block.block().height() != height) {
      return new Verdict(Outcome.CERTIFICATE_INVALID, "block " + height + ": "
          + (!certificate.ok() ? certificate.reason() : "it says it is at height " + block.block().height()));
    }
    Hash named = Hash.of(Bytes.of(receipt.getBlockHash()));
    if (!block.block().hash().equals(named)) {
      return new Verdict(Outcome.WRONG_BLOCK, "block " + height + " is " + block.block().hash() + ", the receipt names "
          + named);
    }
    Hash tx = Hash.of(Bytes.of(receipt.getTxHash()));
    for (Transaction t : block.block().txs()) {
      if (t.hash().equals(tx) && t.payload() instanceof Payload.Anchor anchor
          && anchor.merkleRoot().equals(Hash.of(root)) && anchor.itemCount() == receipt.getLeafCount()) {
        return new Verdict(Outcome.VERIFIED, "");
      }
    }
    return new Verdict(Outcome.MISSING_ON_CHAIN, "block " + height + " holds no anchor " + tx + " of root "
        + Hash.of(root) + " with " + receipt.getLeafCount() + " items");
  }
}
