package io.cpchain.he.seal;

/** BFV batching: a vector of integers modulo the plaintext modulus, one per slot. */
public final class BatchEncoder extends SealObject {

  BatchEncoder(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public int slotCount() {
    return backend.slotCount(handle());
  }

  /** Encodes up to {@link #slotCount()} values (the rest are 0); negatives are taken modulo t. */
  public Plaintext encode(long... values) {
    return new Plaintext(backend, backend.encodeLongs(handle(), values));
  }

  /** All slots, as values in (-t/2, t/2]. */
  public long[] decode(Plaintext plaintext) {
    return backend.decodeLongs(handle(), plaintext.handle(), true);
  }

  /** All slots, as values in [0, t): for sums that may exceed t/2. */
  public long[] decodeUnsigned(Plaintext plaintext) {
    return backend.decodeLongs(handle(), plaintext.handle(), false);
  }
}
