package io.cpchain.crypto.pre;

import io.cpchain.crypto.CryptoFormatException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The few MessagePack forms the reference's {@code toBytes} writes (rmp-serde: structs as arrays,
 * byte strings as bin 8, booleans). Reading accepts only those canonical forms, and nothing trailing.
 */
final class MsgPack {

  private MsgPack() {}

  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Writer array(int size) {
      if (size > 15) {
        throw new IllegalArgumentException("fixarray holds at most 15 items");
      }
      out.write(0x90 | size);
      return this;
    }

    Writer bin(byte[] bytes) {
      if (bytes.length > 255) {
        throw new IllegalArgumentException("bin 8 holds at most 255 bytes");
      }
      out.write(0xc4);
      out.write(bytes.length);
      out.writeBytes(bytes);
      return this;
    }

    Writer bool(boolean value) {
      out.write(value ? 0xc3 : 0xc2);
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static final class Reader {
    private final ByteBuffer in;
    private final String what;

    Reader(byte[] bytes, String what) {
      this.in = ByteBuffer.wrap(bytes);
      this.what = what;
    }

    void array(int size) throws CryptoFormatException {
      if (!in.hasRemaining() || Byte.toUnsignedInt(in.get()) != (0x90 | size)) {
        throw new CryptoFormatException(what + ": expected an array of " + size);
      }
    }

    /** A bin 8 of exactly {@code size} bytes, as a buffer positioned on them. */
    ByteBuffer bin(int size) throws CryptoFormatException {
      if (in.remaining() < 2 || Byte.toUnsignedInt(in.get()) != 0xc4 || Byte.toUnsignedInt(in.get()) != size
          || in.remaining() < size) {
        throw new CryptoFormatException(what + ": expected " + size + " bytes");
      }
      ByteBuffer slice = in.slice(in.position(), size);
      in.position(in.position() + size);
      return slice;
    }

    boolean bool() throws CryptoFormatException {
      int b = in.hasRemaining() ? Byte.toUnsignedInt(in.get()) : -1;
      if (b != 0xc2 && b != 0xc3) {
        throw new CryptoFormatException(what + ": expected a boolean");
      }
      return b == 0xc3;
    }

    void end() throws CryptoFormatException {
      if (in.hasRemaining()) {
        throw new CryptoFormatException(what + ": " + in.remaining() + " unexpected trailing bytes");
      }
    }
  }
}
