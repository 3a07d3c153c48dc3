package io.cpchain.he.seal;

/** CKKS encoding: a vector of reals, one per slot, at a scale (the fixed-point precision). */
public final class CkksEncoder extends SealObject {

  CkksEncoder(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public int slotCount() {
    return backend.slotCount(handle());
  }

  /** Encodes up to {@link #slotCount()} values (the rest are 0) at {@code scale}, e.g. 2^40. */
  public Plaintext encode(double[] values, double scale) {
    return new Plaintext(backend, backend.encodeDoubles(handle(), values, scale));
  }

  public double[] decode(Plaintext plaintext) {
    return backend.decodeDoubles(handle(), plaintext.handle());
  }
}
