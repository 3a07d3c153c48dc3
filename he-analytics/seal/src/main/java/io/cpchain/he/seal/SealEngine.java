package io.cpchain.he.seal;

import io.cpchain.he.seal.javet.JavetSealBackend;
import java.security.SecureRandom;

/**
 * Microsoft SEAL, one instance. An engine belongs to the thread that started it (in Flink: one per
 * subtask, started in {@code open()} and closed in {@code close()}); calls from another thread
 * fail. Closing the engine frees everything it still holds.
 */
public final class SealEngine implements AutoCloseable {

  private final SealBackend backend;

  public SealEngine(SealBackend backend) {
    this.backend = backend;
  }

  /** SEAL (node-seal's WebAssembly build in V8) with the JVM's default SecureRandom as entropy. */
  public static SealEngine start() {
    return start(new SecureRandom());
  }

  /** SEAL with {@code random} as its only entropy source (keys, encryption noise). */
  public static SealEngine start(SecureRandom random) {
    return new SealEngine(JavetSealBackend.start(random));
  }

  public SealContext context(EncryptionParameters parameters) {
    return new SealContext(backend, backend.context(parameters));
  }

  /** A context from parameters saved with {@link SealContext#saveParameters()}, checked at {@code level}. */
  public SealContext context(byte[] savedParameters, SecurityLevel level) {
    return new SealContext(backend, backend.contextFrom(savedParameters, level));
  }

  public String sealVersion() {
    return backend.version();
  }

  /** SEAL objects not closed yet. */
  public int liveObjects() {
    return backend.liveObjects();
  }

  /** Size of the engine's memory (the wasm heap): it grows when objects are not closed. */
  public long memoryBytes() {
    return backend.memoryBytes();
  }

  @Override
  public void close() {
    backend.close();
  }
}
