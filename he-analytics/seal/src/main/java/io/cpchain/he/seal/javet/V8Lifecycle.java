package io.cpchain.he.seal.javet;

import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import io.cpchain.he.seal.SealException;
import java.util.function.Supplier;

/**
 * V8's start and stop of runtimes, one at a time in the whole JVM, after one warm-up cycle.
 *
 * <p>On Linux x86-64 machines with memory protection keys (PKU, common under KVM), V8 sets up its
 * code-space protection ({@code ThreadIsolation}) with the first isolate; runtimes created and
 * compiling wasm on several threads before one full create/close cycle has finished crash the JVM
 * with SIGSEGV (Javet's troubleshooting page "SIGSEGV at createV8Runtime() in V8 mode"; Javet issues
 * 290 and 483). Two Flink operators opening their SEAL engines at once did exactly that. So each copy
 * of the V8 library goes through one cycle (a runtime that compiles a wasm module, then closes) on one
 * thread before any engine starts, and every later create, load and close holds one lock.
 *
 * <p>Flink gives every job its own class loader, each with its own copy of these classes and of the
 * V8 library, so a static lock of this class would be one per job. The lock is the monitor of a string
 * literal instead: literals are interned, one object in the whole JVM whichever loader defined the
 * class that names it (JLS 3.10.5).
 */
final class V8Lifecycle {

  private static final String PROCESS_WIDE_LOCK = "io.cpchain.he.seal.javet.V8Lifecycle: one V8 start or stop at a time";

  /** The smallest valid wasm module: the magic number and version 1. */
  private static final String EMPTY_WASM_MODULE =
      "new WebAssembly.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]))";

  private V8Lifecycle() {}

  /** Runs {@code step} holding the JVM-wide V8 lock. */
  static <T> T serialised(Supplier<T> step) {
    synchronized (PROCESS_WIDE_LOCK) {
      return step.get();
    }
  }

  /** One full runtime cycle on the calling thread; call it once per library copy, under the lock. */
  static void warmUp(V8Host host) {
    try (V8Runtime runtime = host.createV8Runtime()) {
      runtime.getExecutor(EMPTY_WASM_MODULE).executeVoid();
    } catch (JavetException e) {
      throw new SealException("cannot start V8: " + e.getMessage(), e);
    }
  }
}
