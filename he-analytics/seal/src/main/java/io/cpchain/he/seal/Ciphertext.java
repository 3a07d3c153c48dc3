package io.cpchain.he.seal;

/** An encrypted vector of slots. */
public final class Ciphertext extends SealData {

  Ciphertext(SealBackend backend, int handle) {
    super(backend, handle);
  }

  /** CKKS: the scale the slots are encoded at (1 for BFV). */
  public double scale() {
    return backend.scale(handle());
  }

  /** CKKS: declares a new scale, e.g. to line two operands up after rescaling to nearly equal scales. */
  public void setScale(double scale) {
    backend.setScale(handle(), scale);
  }
}
