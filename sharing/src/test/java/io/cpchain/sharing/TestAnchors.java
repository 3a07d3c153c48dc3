package io.cpchain.sharing;

import io.cpchain.consensus.api.Hash;
import io.cpchain.crypto.merkle.MerkleTree;
import io.cpchain.crypto.sign.Address;
import io.cpchain.schemas.AnchorReceipt;
import io.cpchain.schemas.AvroMessages;
import io.cpchain.schemas.IntervalManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the anchor job makes of a batch of manifests, for tests without Flink: the batch root over the
 * manifests' SHA-256 hashes (RFC 6962, crypto's {@code MerkleTree}) and one {@code AnchorReceipt} per
 * manifest once the root's {@code Anchor} is final, field for field as chain-anchor's receipts.
 */
public final class TestAnchors {

  private static final AvroMessages<IntervalManifest> MANIFESTS = AvroMessages.of(IntervalManifest.class);
  private static final AvroMessages<AnchorReceipt> RECEIPTS = AvroMessages.of(AnchorReceipt.class);

  private TestAnchors() {}

  public static Hash root(List<byte[]> manifests) {
    return Hash.of(tree(manifests).root());
  }

  /** The encoded receipts of {@code manifests}, anchored by {@code submitter} in {@code tx} of that block. */
  public static List<byte[]> receipts(List<byte[]> manifests, Address submitter, long chainId, long height,
      Hash blockHash, long blockTimestampMs, Hash tx) {
    MerkleTree tree = tree(manifests);
    List<byte[]> receipts = new ArrayList<>();
    for (int i = 0; i < manifests.size(); i++) {
      try {
        IntervalManifest m = MANIFESTS.decode(manifests.get(i));
        receipts.add(RECEIPTS.encode(AnchorReceipt.newBuilder()
            .setManifestHash(ByteBuffer.wrap(sha256(manifests.get(i))))
            .setDeviceId(m.getDeviceId())
            .setIntervalStartMs(m.getIntervalStartMs())
            .setIntervalEndMs(m.getIntervalEndMs())
            .setDataset("cpchain-manifests")
            .setBatchRoot(ByteBuffer.wrap(tree.root()))
            .setLeafIndex(i)
            .setLeafCount(manifests.size())
            .setInclusionProof(ByteBuffer.wrap(tree.inclusionProof(i).toBytes()))
            .setChainId(chainId)
            .setBlockHeight(height)
            .setBlockHash(ByteBuffer.wrap(blockHash.toBytes()))
            .setBlockTimestampMs(blockTimestampMs)
            .setTxHash(ByteBuffer.wrap(tx.toBytes()))
            .setSubmitterAddress(submitter.toHex())
            .build()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return receipts;
  }

  private static MerkleTree tree(List<byte[]> manifests) {
    return MerkleTree.of(manifests.stream().map(TestAnchors::sha256).toList());
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
