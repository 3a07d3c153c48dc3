package io.cpchain.he.seal;

/** Public-key encryption: whoever holds only the public key can encrypt, never decrypt. */
public final class Encryptor extends SealObject {

  Encryptor(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public Ciphertext encrypt(Plaintext plaintext) {
    return new Ciphertext(backend, backend.encrypt(handle(), plaintext.handle()));
  }
}
