package io.cpchain.he.seal;

/** A SEAL object with a SEAL serialization: keys, ciphertexts, plaintexts. */
public abstract class SealData extends SealObject {

  SealData(SealBackend backend, int handle) {
    super(backend, handle);
  }

  /**
   * SEAL's own serialization (header, zstd-compressed body), exactly what SEAL's {@code save}
   * writes in C++, Python or node-seal: any of them loads it with the same parameters.
   */
  public byte[] save() {
    return backend.save(handle(), true);
  }

  /**
   * The same serialization with the body left uncompressed: about a quarter larger for a fresh
   * CKKS ciphertext (random coefficients barely compress), and 20 times faster to load and to save
   * in the wasm build, where zstd dominates both. For ciphertexts a job loads at high rates.
   */
  public byte[] saveUncompressed() {
    return backend.save(handle(), false);
  }
}
