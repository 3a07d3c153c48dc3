package io.cpchain.he.seal;

/** Generates a secret key (or takes one) and the public, relinearisation and Galois keys that go with it. */
public final class KeyGenerator extends SealObject {

  KeyGenerator(SealBackend backend, int handle) {
    super(backend, handle);
  }

  public SecretKey secretKey() {
    return new SecretKey(backend, backend.secretKey(handle()));
  }

  public PublicKey createPublicKey() {
    return new PublicKey(backend, backend.createPublicKey(handle()));
  }

  public RelinKeys createRelinKeys() {
    return new RelinKeys(backend, backend.createRelinKeys(handle()));
  }

  /** Keys for every power-of-two rotation (and so for {@link Evaluator#sumElements}). */
  public GaloisKeys createGaloisKeys() {
    return new GaloisKeys(backend, backend.createGaloisKeys(handle(), null));
  }

  /** Keys for exactly these rotation steps: smaller than {@link #createGaloisKeys()}. */
  public GaloisKeys createGaloisKeys(int... steps) {
    return new GaloisKeys(backend, backend.createGaloisKeys(handle(), steps.clone()));
  }
}
