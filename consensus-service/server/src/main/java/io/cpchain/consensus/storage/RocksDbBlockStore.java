package io.cpchain.consensus.storage;

import io.cpchain.consensus.api.CodecException;
import io.cpchain.consensus.api.CommittedBlock;
import io.cpchain.consensus.api.Decoder;
import io.cpchain.consensus.api.Encoder;
import io.cpchain.consensus.api.Hash;
import io.cpchain.consensus.api.SenderCache;
import io.cpchain.consensus.state.BlockStore;
import io.cpchain.consensus.state.Receipt;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's store in RocksDB. Keys: {@code 'b' | height} the block with its certificate,
 * {@code 'r' | txHash} the receipt, {@code 'm'} the last height, {@code 's'} the safety record.
 * A block, its receipts and the new last height go in one write batch with {@code sync}: the
 * write-ahead log is fsync'd before {@link #append} returns, so a kill -9 loses nothing it returned.
 */
public final class RocksDbBlockStore implements BlockStore {

  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] LAST = {'m'};
  private static final byte[] SAFETY = {'s'};

  private final Options options;
  private final RocksDB db;
  private final WriteOptions durable = new WriteOptions().setSync(true);
  private final SenderCache senders;
  private volatile long lastHeight;

  public RocksDbBlockStore(Path dir) {
    this(dir, SenderCache.NONE);
  }

  /** {@code senders}: the node's, so serving and replaying stored blocks recovers no sender twice. */
  public RocksDbBlockStore(Path dir, SenderCache senders) {
    this.senders = senders;
    try {
      Files.createDirectories(dir);
      options = new Options().setCreateIfMissing(true);
      db = RocksDB.open(options, dir.toString());
      byte[] last = db.get(LAST);
      lastHeight = last == null ? 0 : ByteBuffer.wrap(last).getLong();
    } catch (RocksDBException | java.io.IOException e) {
      throw new IllegalStateException("cannot open the block store in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long lastHeight() {
    return lastHeight;
  }

  @Override
  public Optional<CommittedBlock> block(long height) {
    byte[] bytes = get(key('b', ByteBuffer.allocate(8).putLong(height).array()));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(CommittedBlock.decode(bytes, senders));
    } catch (CodecException e) {
      throw new IllegalStateException("stored block " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public void append(CommittedBlock block, List<Receipt> receipts) {
    long height = block.block().height();
    if (height != lastHeight + 1) {
      throw new IllegalStateException("append of block " + height + " after " + lastHeight);
    }
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(key('b', ByteBuffer.allocate(8).putLong(height).array()), block.encode());
      for (Receipt r : receipts) {
        batch.put(key('r', r.txHash().toBytes()), new Encoder().i64(r.height()).i32(r.index()).u8(r.status().ordinal())
            .string(r.reason()).toBytes());
      }
      batch.put(LAST, ByteBuffer.allocate(8).putLong(height).array());
      db.write(durable, batch);
      lastHeight = height;
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot store block " + height + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Receipt> receipt(Hash txHash) {
    byte[] bytes = get(key('r', txHash.toBytes()));
    if (bytes == null) {
      return Optional.empty();
    }
    try {
      Decoder in = new Decoder(bytes);
      return Optional.of(new Receipt(txHash, in.i64(), in.i32(), Receipt.Status.values()[in.u8()], in.string()));
    } catch (CodecException e) {
      throw new IllegalStateException("stored receipt is corrupt: " + e.getMessage(), e);
    }
  }

  @Override
  public void saveSafety(byte[] record) {
    try {
      db.put(durable, SAFETY, record);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot store the safety record: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> loadSafety() {
    return Optional.ofNullable(get(SAFETY));
  }

  private byte[] get(byte[] key) {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IllegalStateException("block store read failed: " + e.getMessage(), e);
    }
  }

  private static byte[] key(char prefix, byte[] id) {
    return ByteBuffer.allocate(1 + id.length).put((byte) prefix).put(id).array();
  }

  @Override
  public void close() {
    durable.close();
    db.close();
    options.close();
  }
}
