package io.cpchain.he.seal;

/** Galois keys: allow rotations of the slots (and the sum of all slots). */
public final class GaloisKeys extends SealData {

  GaloisKeys(SealBackend backend, int handle) {
    super(backend, handle);
  }
}
