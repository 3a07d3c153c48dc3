package io.cpchain.he.seal;

/**
 * A SEAL object living in an engine. SEAL objects sit in the engine's own memory, where no garbage
 * collector reaches: close each one (try-with-resources) or it stays until its engine closes.
 */
public abstract class SealObject implements AutoCloseable {

  final SealBackend backend;
  private final int handle;
  private boolean closed;

  SealObject(SealBackend backend, int handle) {
    this.backend = backend;
    this.handle = handle;
  }

  final int handle() {
    if (closed) {
      throw new IllegalStateException(getClass().getSimpleName() + " is closed");
    }
    return handle;
  }

  /** Frees the object in its engine; closing twice is harmless. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      backend.free(handle);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + (closed ? "(closed)" : "#" + handle);
  }
}
