package io.cpchain.schemas;

import java.nio.ByteBuffer;

/** Avro's {@code bytes} fields come as ByteBuffers: their content, without moving the buffer. */
public final class Bytes {

  private Bytes() {}

  public static byte[] of(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
