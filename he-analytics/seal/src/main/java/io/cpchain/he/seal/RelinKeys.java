package io.cpchain.he.seal;

/** Relinearisation keys: shrink a product of ciphertexts back to two polynomials. */
public final class RelinKeys extends SealData {

  RelinKeys(SealBackend backend, int handle) {
    super(backend, handle);
  }
}
