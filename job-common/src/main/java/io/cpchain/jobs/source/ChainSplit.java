package io.cpchain.jobs.source;

import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.client.BlockFollower;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The one split of {@link ChainIdentitySource}: the chain, at the next height to hand out and the
 * hash of the block before it. Checkpointed, so a restored job goes on exactly once by height.
 */
public record ChainSplit(BlockFollower.Position position) implements SourceSplit {

  public static final String ID = "chain";

  /** The chain from block 1. */
  public static ChainSplit fromStart() {
    return new ChainSplit(BlockFollower.Position.start(1));
  }

  @Override
  public String splitId() {
    return ID;
  }

  /** Version 1: next height (i64), whether a hash follows (u8), the hash (32 bytes). */
  static final class Serializer implements SimpleVersionedSerializer<ChainSplit> {

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(ChainSplit split) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        write(split, out);
      }
      return bytes.toByteArray();
    }

    @Override
    public ChainSplit deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return read(in);
      }
    }

    static void write(ChainSplit split, DataOutputStream out) throws IOException {
      BlockFollower.Position position = split.position();
      out.writeLong(position.nextHeight());
      out.writeBoolean(position.lastHash() != null);
      if (position.lastHash() != null) {
        out.write(position.lastHash().toBytes());
      }
    }

    static ChainSplit read(DataInputStream in) throws IOException {
      long nextHeight = in.readLong();
      Hash lastHash = null;
      if (in.readBoolean()) {
        byte[] hash = new byte[Hash.SIZE];
        in.readFully(hash);
        lastHash = Hash.of(hash);
      }
      return new ChainSplit(new BlockFollower.Position(nextHeight, lastHash));
    }

    static void checkVersion(int version) throws IOException {
      if (version != 1) {
        throw new IOException("chain split of version " + version + ", this job reads version 1");
      }
    }
  }

  /** The enumerator's checkpoint: the splits not assigned to a reader (the chain, or nothing). */
  static final class PendingSerializer implements SimpleVersionedSerializer<List<ChainSplit>> {

    @Override
    public int getVersion() {
      return 1;
    }

    @Override
    public byte[] serialize(List<ChainSplit> pending) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeInt(pending.size());
        for (ChainSplit split : pending) {
          Serializer.write(split, out);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public List<ChainSplit> deserialize(int version, byte[] serialized) throws IOException {
      Serializer.checkVersion(version);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        int count = in.readInt();
        if (count < 0 || count > 1) {
          throw new IOException(count + " pending chain splits; there is one chain");
        }
        List<ChainSplit> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          pending.add(Serializer.read(in));
        }
        return pending;
      }
    }
  }
}
