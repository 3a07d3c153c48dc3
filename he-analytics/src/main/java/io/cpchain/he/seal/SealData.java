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
    return backend.save(handle());
  }
}
