package io.cpchain.consensus.api;

import io.cpchain.crypto.sign.Address;
import io.cpchain.crypto.sign.RecoverableSignature;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian binary writer for the chain's wire and storage formats (see the module README). */
public final class Encoder {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

  public Encoder u8(int value) {
    out.write(value);
    return this;
  }

  public Encoder i32(int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(value >>> shift);
    }
    return this;
  }

  public Encoder i64(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  /** Length-prefixed bytes. */
  public Encoder bytes(byte[] value) {
    i32(value.length);
    out.writeBytes(value);
    return this;
  }

  public Encoder raw(byte[] value) {
    out.writeBytes(value);
    return this;
  }

  public Encoder hash(Hash hash) {
    return raw(hash.toBytes());
  }

  public Encoder address(Address address) {
    return raw(address.toBytes());
  }

  public Encoder signature(RecoverableSignature signature) {
    return raw(signature.toBytes());
  }

  public Encoder string(String value) {
    return bytes(value.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] toBytes() {
    return out.toByteArray();
  }
}
