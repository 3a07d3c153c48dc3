package io.cpchain.anchor.serde;

import io.cpchain.anchor.batch.Anchored;
import io.cpchain.anchor.batch.Batch;
import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.schemas.AnchorReceipt;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A final batch → one Avro {@link AnchorReceipt} per manifest, each with its inclusion proof. */
public final class AnchorReceipts {

  private AnchorReceipts() {}

  public static List<AnchorReceipt> of(Batch batch, Anchored anchored, String dataset) {
    byte[] root = batch.root().toBytes();
    List<AnchorReceipt> receipts = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ManifestRef manifest = batch.manifests().get(i);
      receipts.add(AnchorReceipt.newBuilder()
          .setManifestHash(ByteBuffer.wrap(manifest.hash()))
          .setDeviceId(manifest.deviceId())
          .setIntervalStartMs(manifest.intervalStartMs())
          .setIntervalEndMs(manifest.intervalEndMs())
          .setDataset(dataset)
          .setBatchRoot(ByteBuffer.wrap(root))
          .setLeafIndex(i)
          .setLeafCount(batch.size())
          .setInclusionProof(ByteBuffer.wrap(batch.proof(i).toBytes()))
          .setChainId(anchored.chainId())
          .setBlockHeight(anchored.height())
          .setBlockHash(ByteBuffer.wrap(anchored.blockHash().toBytes()))
          .setBlockTimestampMs(anchored.blockTimestampMs())
          .setTxHash(ByteBuffer.wrap(anchored.txHash().toBytes()))
          .setSubmitterAddress(anchored.submitter())
          .build());
    }
    return receipts;
  }
}
