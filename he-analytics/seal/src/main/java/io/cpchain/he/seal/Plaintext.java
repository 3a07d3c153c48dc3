package io.cpchain.he.seal;

/** An encoded, unencrypted vector of slots. */
public final class Plaintext extends SealData {

  Plaintext(SealBackend backend, int handle) {
    super(backend, handle);
  }
}
