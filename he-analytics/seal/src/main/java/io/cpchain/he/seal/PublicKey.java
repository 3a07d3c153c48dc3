package io.cpchain.he.seal;

/** The public key: anyone holding it encrypts; it cannot decrypt. */
public final class PublicKey extends SealData {

  PublicKey(SealBackend backend, int handle) {
    super(backend, handle);
  }
}
