package io.cpchain.consensus.api;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads what {@link Encoder} wrote; every malformed input is a {@link CodecException}, never a runtime error. */
public final class Decoder {

  /** Bounds a length prefix so a hostile length cannot make us allocate gigabytes. */
  public static final int MAX_FIELD = 16 << 20;

  private final ByteBuffer in;
  private final SenderCache senders;

  public Decoder(byte[] bytes) {
    this(bytes, SenderCache.NONE);
  }

  /** {@code senders}: where the transactions read from {@code bytes} look up and leave their senders. */
  public Decoder(byte[] bytes, SenderCache senders) {
    this.in = ByteBuffer.wrap(bytes);
    this.senders = senders;
  }

  SenderCache senders() {
    return senders;
  }

  public int u8() throws CodecException {
    return guard(() -> in.get() & 0xff);
  }

  public int i32() throws CodecException {
    return guard(in::getInt);
  }

  public long i64() throws CodecException {
    return guard(in::getLong);
  }

  public byte[] raw(int length) throws CodecException {
    if (length < 0 || length > in.remaining()) {
      throw new CodecException("truncated: " + length + " bytes wanted, " + in.remaining() + " left");
    }
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  public byte[] bytes() throws CodecException {
    return bytes(MAX_FIELD);
  }

  /** Length-prefixed bytes of at most {@code max}. */
  public byte[] bytes(int max) throws CodecException {
    int length = i32();
    if (length > max) {
      throw new CodecException("field of " + length + " bytes exceeds the limit of " + max);
    }
    return raw(length);
  }

  public Hash hash() throws CodecException {
    return Hash.of(raw(Hash.SIZE));
  }

  public Address address() throws CodecException {
    try {
      return Address.fromHex(HexFormat.of().formatHex(raw(20)));
    } catch (CryptoFormatException e) {
      throw new CodecException(e.getMessage());
    }
  }

  public RecoverableSignature signature() throws CodecException {
    try {
      return RecoverableSignature.fromBytes(raw(65));
    } catch (CryptoFormatException e) {
      throw new CodecException("bad signature: " + e.getMessage());
    }
  }

  public String string() throws CodecException {
    return string(MAX_FIELD);
  }

  /** A UTF-8 string of at most {@code maxBytes}. */
  public String string(int maxBytes) throws CodecException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes(maxBytes))).toString();
    } catch (CharacterCodingException e) {
      throw new CodecException("a string is not UTF-8");
    }
  }

  /** A count of repeated items, bounded by what the remaining bytes could hold at {@code minItemSize} each. */
  public int count(int minItemSize) throws CodecException {
    int count = i32();
    if (count < 0 || (long) count * minItemSize > in.remaining()) {
      throw new CodecException("item count " + count + " does not fit in the remaining bytes");
    }
    return count;
  }

  /** A reader of one item, for {@link #list}. */
  public interface Item<T> {
    T read(Decoder in) throws CodecException;
  }

  /** {@code count i32 | items}, the count bounded as in {@link #count}. */
  public <T> List<T> list(int minItemSize, Item<T> item) throws CodecException {
    int count = count(minItemSize);
    List<T> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(item.read(this));
    }
    return out;
  }

  /** Whether every byte was read: lets a reader accept a record written before a field was appended. */
  public boolean atEnd() {
    return !in.hasRemaining();
  }

  public void end() throws CodecException {
    if (in.hasRemaining()) {
      throw new CodecException(in.remaining() + " trailing bytes");
    }
  }

  private interface Read<T> {
    T get();
  }

  private static <T> T guard(Read<T> read) throws CodecException {
    try {
      return read.get();
    } catch (BufferUnderflowException e) {
      throw new CodecException("truncated");
    }
  }
}
