package io.cpchain.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro's binary decoder, with every length on the wire checked against the message before anything
 * is allocated for it. Avro 1.11 allocates what a string's or bytes' length or an array's or map's
 * item count claims before reading it (its own limits are JVM-wide system properties, about 2^31 by
 * default), so a 21-byte record claiming 2^31 readings asks for 8 GiB. A claim larger than the
 * message cannot be true: a string of n bytes needs n bytes, and every item of every array and map
 * of our schemas needs at least one. So each allocation is bounded by the message's length, and
 * what is kept by the bytes actually read. Reading itself stays Avro's (the delegate).
 */
final class LengthBoundedDecoder extends Decoder {

  private final Decoder in;
  private final int messageLength;

  LengthBoundedDecoder(Decoder in, int messageLength) {
    this.in = in;
    this.messageLength = messageLength;
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = length("string");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    byte[] utf8 = new byte[length("string")];
    in.readFixed(utf8, 0, utf8.length);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] bytes = new byte[length("bytes")];
    in.readFixed(bytes, 0, bytes.length);
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public long readArrayStart() throws IOException {
    return items("array", in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return items("array", in.arrayNext());
  }

  @Override
  public long readMapStart() throws IOException {
    return items("map", in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return items("map", in.mapNext());
  }

  /** A string's or bytes' length, as Avro writes it: a long before the bytes. */
  private int length(String what) throws IOException {
    long length = in.readLong();
    if (length < 0 || length > messageLength) {
      throw new IOException(what + " of " + length + " bytes in a message of " + messageLength + " bytes");
    }
    return (int) length;
  }

  private long items(String what, long count) throws IOException {
    if (count > messageLength) {
      throw new IOException(what + " of " + count + " items in a message of " + messageLength + " bytes");
    }
    return count;
  }

  // The rest allocates nothing from the wire: Avro's own reading, unchanged. Skipping reads the
  // length and moves past the bytes, so a false length ends at the end of the message.

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public void skipString() throws IOException {
    in.skipString();
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipBytes();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
