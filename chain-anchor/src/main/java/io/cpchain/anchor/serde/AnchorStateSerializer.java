package io.cpchain.anchor.serde;

import io.cpchain.anchor.batch.AnchorQueue;
import io.cpchain.anchor.batch.Batch;
import io.cpchain.anchor.batch.ManifestRef;
import io.cpchain.consensus.api.Hash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor operator's checkpointed state, versioned: {@code version u8 | open manifests | sealed
 * batches}, each batch {@code sealedAt | checkpointId | hasTx u8 [txHash 32] | submittedAt | manifests};
 * a manifest is {@code hash 32 | deviceId UTF | intervalStart | intervalEnd | seenAt}. A batch's root is
 * recomputed from its manifests, so it cannot disagree with them.
 */
public final class AnchorStateSerializer {

  public static final int VERSION = 1;

  private AnchorStateSerializer() {}

  public static byte[] serialize(AnchorQueue queue) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeManifests(out, queue.open());
      out.writeInt(queue.sealed().size());
      for (Batch batch : queue.sealed()) {
        out.writeLong(batch.sealedAtMs());
        out.writeLong(batch.checkpointId());
        out.writeBoolean(batch.txHash() != null);
        if (batch.txHash() != null) {
          out.write(batch.txHash().toBytes());
        }
        out.writeLong(batch.submittedAtMs());
        writeManifests(out, batch.manifests());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static AnchorQueue deserialize(byte[] state, long uploadIntervalMs, int maxBatch) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("unknown anchor state version " + version);
    }
    List<ManifestRef> open = readManifests(in);
    int batches = in.readInt();
    List<Batch> sealed = new ArrayList<>(batches);
    for (int i = 0; i < batches; i++) {
      long sealedAt = in.readLong();
      long checkpointId = in.readLong();
      Hash tx = in.readBoolean() ? Hash.of(in.readNBytes(Hash.SIZE)) : null;
      long submittedAt = in.readLong();
      sealed.add(new Batch(readManifests(in), sealedAt, checkpointId, tx, submittedAt));
    }
    if (in.read() != -1) {
      throw new IOException("trailing bytes after the anchor state");
    }
    return AnchorQueue.restore(uploadIntervalMs, maxBatch, open, sealed);
  }

  private static void writeManifests(DataOutputStream out, List<ManifestRef> manifests) throws IOException {
    out.writeInt(manifests.size());
    for (ManifestRef m : manifests) {
      out.write(m.hash());
      out.writeUTF(m.deviceId());
      out.writeLong(m.intervalStartMs());
      out.writeLong(m.intervalEndMs());
      out.writeLong(m.seenAtMs());
    }
  }

  private static List<ManifestRef> readManifests(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<ManifestRef> manifests = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      manifests.add(new ManifestRef(in.readNBytes(32), in.readUTF(), in.readLong(), in.readLong(), in.readLong()));
    }
    return manifests;
  }
}
