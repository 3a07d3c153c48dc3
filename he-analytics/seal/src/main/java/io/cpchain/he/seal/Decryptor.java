package io.cpchain.he.seal;

/** Decryption with the secret key. */
public final class Decryptor extends SealObject {

  Decryptor(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public Plaintext decrypt(Ciphertext ciphertext) {
    return new Plaintext(backend, backend.decrypt(handle(), ciphertext.handle()));
  }

  /** BFV: bits of noise budget left; at 0 the ciphertext no longer decrypts correctly. */
  public int invariantNoiseBudget(Ciphertext ciphertext) {
    return backend.noiseBudget(handle(), ciphertext.handle());
  }
}
