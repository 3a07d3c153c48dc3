package io.cpchain.he.seal;

/** The secret key: decrypts. Its bytes are only what {@link #save()} returns; {@code toString} shows none. */
public final class SecretKey extends SealData {

  SecretKey(SealBackend backend, int handle) {
    super(backend, handle);
  }
}
