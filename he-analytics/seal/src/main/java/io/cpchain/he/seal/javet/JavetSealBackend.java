package io.cpchain.he.seal.javet;

import com.caoccao.javet.annotations.V8Function;
import com.caoccao.javet.enums.V8ValueReferenceType;
import com.caoccao.javet.exceptions.BaseJavetScriptingException;
import com.caoccao.javet.exceptions.JavetException;
import com.caoccao.javet.interop.V8Host;
import com.caoccao.javet.interop.V8Runtime;
import com.caoccao.javet.interop.callback.JavetCallbackContext;
import com.caoccao.javet.interop.loader.IJavetLibLoadingListener;
import com.caoccao.javet.interop.loader.JavetLibLoader;
import com.caoccao.javet.enums.JSRuntimeType;
import com.caoccao.javet.values.V8Value;
import com.caoccao.javet.values.reference.V8ValueObject;
import com.caoccao.javet.values.reference.V8ValuePromise;
import com.caoccao.javet.values.reference.V8ValueTypedArray;
import io.cpchain.he.seal.EncryptionParameters;
import io.cpchain.he.seal.SealBackend;
import io.cpchain.he.seal.SealException;
import io.cpchain.he.seal.SecurityLevel;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SEAL as node-seal's WebAssembly build (bundled as a resource, see the module's pom) in a plain V8
 * runtime inside the JVM, through Javet. What running it this way takes:
 *
 * <ul>
 *   <li>embind generates its call glue with {@code new Function}, so the runtime allows eval;</li>
 *   <li>plain V8 has no {@code crypto.getRandomValues}, SEAL's entropy source: it is this
 *       backend's {@link SecureRandom};</li>
 *   <li>a promise rejected with nobody listening is kept and thrown by the next call instead of
 *       being lost (in Node mode it would end the JVM);</li>
 *   <li>nothing on the JavaScript side is freed by a garbage collector that knows about wasm
 *       memory, so every SEAL object is deleted by {@link #free} and every Javet value is closed
 *       at once;</li>
 *   <li>bytes cross as {@code Uint8Array} ⇄ {@code byte[]} ({@code saveArray}/{@code loadArray});
 *       base64 strings are several times slower in plain V8.</li>
 * </ul>
 *
 * <p>A V8 runtime belongs to one thread: every call checks that it comes from the starting thread.
 */
public final class JavetSealBackend implements SealBackend {

  private static final String ENGINE = "node-seal.js";
  private static final String BRIDGE = "seal-bridge.js";
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);

  static {
    // The JVM lets one class loader only load a native library file. Flink gives every job, and
    // every restart of it, a class loader of its own: so each loader's copy of Javet deploys its
    // library into a directory of its own, deleted once loaded (the mapping stays).
    V8Lifecycle.serialised(() -> {
      try {
        Path libraryDir = Files.createTempDirectory("cpchain-javet-");
        JavetLibLoader.setLibLoadingListener(new IJavetLibLoadingListener() {
          @Override
          public File getLibPath(JSRuntimeType runtimeType) {
            return libraryDir.toFile();
          }
        });
        V8Host.getV8Instance();
        try (Stream<Path> files = Files.walk(libraryDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot deploy the V8 library", e);
      }
      V8Lifecycle.warmUp(V8Host.getV8Instance());
      return null;
    });
  }

  private final V8Runtime runtime;
  private final SecureRandom random;
  private final Thread owner = Thread.currentThread();
  private V8ValueObject bridge;
  private List<JavetCallbackContext> randomCallbacks = List.of();
  private String version;
  private String unhandledRejection;

  private JavetSealBackend(V8Runtime runtime, SecureRandom random) {
    this.runtime = runtime;
    this.random = random;
  }

  /**
   * Starts a runtime with SEAL loaded, on the calling thread, which then owns it. Starts are one at a
   * time in the whole JVM (see {@link V8Lifecycle}); the engines then run side by side.
   */
  public static JavetSealBackend start(SecureRandom random) {
    return V8Lifecycle.serialised(() -> {
      V8Runtime runtime;
      try {
        runtime = V8Host.getV8Instance().createV8Runtime();
      } catch (JavetException e) {
        throw new SealException("cannot start V8: " + e.getMessage(), e);
      }
      JavetSealBackend backend = new JavetSealBackend(runtime, random);
      try {
        backend.load();
        return backend;
      } catch (RuntimeException e) {
        backend.closeRuntime();
        throw e;
      }
    });
  }

  private void load() {
    try {
      runtime.allowEval(true);
      runtime.setPromiseRejectCallback((event, promise, value) -> {
        if (event == com.caoccao.javet.enums.JavetPromiseRejectEvent.PromiseRejectWithNoHandler) {
          unhandledRejection = String.valueOf(value);
        } else if (event == com.caoccao.javet.enums.JavetPromiseRejectEvent.PromiseHandlerAddedAfterReject) {
          unhandledRejection = null;
        }
      });
      try (V8ValueObject global = runtime.getGlobalObject();
          V8ValueObject randomSource = runtime.createV8ValueObject()) {
        randomCallbacks = randomSource.bind(this);
        try (V8Value fill = randomSource.get("fill")) {
          global.set("__javaRandom", fill);
        }
      }
      runtime.getExecutor(resource(BRIDGE)).setResourceName(BRIDGE).executeVoid();
      runtime.getExecutor(resource(ENGINE)).setResourceName(ENGINE).executeVoid();
      try (V8ValueObject global = runtime.getGlobalObject()) {
        bridge = global.get("__he");
      }
      try (V8ValuePromise init = bridge.invoke("init")) {
        version = "node-seal " + awaitResult(init);
      }
    } catch (JavetException e) {
      throw failure(e);
    }
  }

  /** SEAL's entropy: called from {@code crypto.getRandomValues} with the array to fill. */
  @V8Function(name = "fill")
  public void fill(V8Value array) throws JavetException {
    V8ValueTypedArray bytes = (V8ValueTypedArray) array;
    byte[] drawn = new byte[bytes.getByteLength()];
    random.nextBytes(drawn);
    bytes.fromBytes(drawn);
  }

  private String awaitResult(V8ValuePromise promise) throws JavetException {
    // V8 compiles the wasm on its background threads: pump the message loop until they are done.
    long deadline = System.nanoTime() + LOAD_TIMEOUT.toNanos();
    while (promise.getState() == V8ValuePromise.STATE_PENDING && System.nanoTime() < deadline) {
      if (!runtime.await()) {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SealException("interrupted while SEAL was loading");
        }
      }
    }
    if (promise.getState() == V8ValuePromise.STATE_PENDING) {
      throw new SealException("SEAL did not finish loading");
    }
    try (V8Value result = promise.getResult()) {
      if (promise.getState() == V8ValuePromise.STATE_REJECTED) {
        unhandledRejection = null; // reported here, as the failure it is
        throw new SealException("SEAL failed to load: " + result);
      }
      return result.toString();
    }
  }

  private static String resource(String name) {
    try (InputStream in = JavetSealBackend.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new SealException("the SEAL engine resource " + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SealException("cannot read the SEAL engine resource " + name, e);
    }
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public int context(EncryptionParameters parameters) {
    return handle("context", parameters.toJson());
  }

  @Override
  public int contextFrom(byte[] savedParameters, SecurityLevel securityLevel) {
    return withBytes(savedParameters, bytes -> handle("contextFrom", bytes, securityLevel.name()));
  }

  @Override
  public byte[] saveParameters(int context) {
    return bytes("saveParameters", context);
  }

  @Override
  public String plainModulus(int context) {
    return call(() -> bridge.invokeString("plainModulus", context));
  }

  @Override
  public int keyGenerator(int context) {
    return handle("keyGenerator", context);
  }

  @Override
  public int keyGeneratorFrom(int context, int secretKey) {
    return handle("keyGeneratorFrom", context, secretKey);
  }

  @Override
  public int secretKey(int keyGenerator) {
    return handle("secretKey", keyGenerator);
  }

  @Override
  public int createPublicKey(int keyGenerator) {
    return handle("createPublicKey", keyGenerator);
  }

  @Override
  public int createRelinKeys(int keyGenerator) {
    return handle("createRelinKeys", keyGenerator);
  }

  @Override
  public int createGaloisKeys(int keyGenerator, int[] steps) {
    String json = steps == null ? null
        : Arrays.stream(steps).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    return handle("createGaloisKeys", keyGenerator, json);
  }

  @Override
  public int batchEncoder(int context) {
    return handle("batchEncoder", context);
  }

  @Override
  public int ckksEncoder(int context) {
    return handle("ckksEncoder", context);
  }

  @Override
  public int slotCount(int encoder) {
    return handle("slotCount", encoder);
  }

  @Override
  public int encodeLongs(int batchEncoder, long[] values) {
    ByteBuffer buffer = littleEndian(values.length * Long.BYTES);
    buffer.asLongBuffer().put(values);
    return withBytes(buffer.array(), bytes -> handle("encodeLongs", batchEncoder, bytes));
  }

  @Override
  public long[] decodeLongs(int batchEncoder, int plaintext, boolean signed) {
    byte[] raw = bytes("decodeLongs", batchEncoder, plaintext, signed);
    long[] values = new long[raw.length / Long.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    return values;
  }

  @Override
  public int encodeDoubles(int ckksEncoder, double[] values, double scale) {
    ByteBuffer buffer = littleEndian(values.length * Double.BYTES);
    buffer.asDoubleBuffer().put(values);
    return withBytes(buffer.array(), bytes -> handle("encodeDoubles", ckksEncoder, bytes, scale));
  }

  @Override
  public double[] decodeDoubles(int ckksEncoder, int plaintext) {
    byte[] raw = bytes("decodeDoubles", ckksEncoder, plaintext);
    double[] values = new double[raw.length / Double.BYTES];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }

  @Override
  public int encryptor(int context, int publicKey) {
    return handle("encryptor", context, publicKey);
  }

  @Override
  public int encrypt(int encryptor, int plaintext) {
    return handle("encrypt", encryptor, plaintext);
  }

  @Override
  public int decryptor(int context, int secretKey) {
    return handle("decryptor", context, secretKey);
  }

  @Override
  public int decrypt(int decryptor, int ciphertext) {
    return handle("decrypt", decryptor, ciphertext);
  }

  @Override
  public int noiseBudget(int decryptor, int ciphertext) {
    return handle("noiseBudget", decryptor, ciphertext);
  }

  @Override
  public int evaluator(int context) {
    return handle("evaluator", context);
  }

  @Override
  public int evaluate(int evaluator, Op op, int a, int b) {
    return handle(op.name(), evaluator, a, b);
  }

  @Override
  public void addInPlace(int evaluator, int a, int b) {
    call(() -> {
      bridge.invokeVoid("addInPlace", evaluator, a, b);
      return null;
    });
  }

  @Override
  public int rotate(int evaluator, Rotation rotation, int ciphertext, int steps, int galoisKeys) {
    return handle(rotation.name(), evaluator, ciphertext, steps, galoisKeys);
  }

  @Override
  public double scale(int ciphertext) {
    return call(() -> bridge.invokeDouble("scale", ciphertext));
  }

  @Override
  public void setScale(int ciphertext, double scale) {
    call(() -> {
      bridge.invokeVoid("setScale", ciphertext, scale);
      return null;
    });
  }

  @Override
  public byte[] save(int object, boolean compressed) {
    return bytes("save", object, compressed);
  }

  @Override
  public int load(Kind kind, int context, byte[] saved) {
    return withBytes(saved, bytes -> handle("load", kind.name(), context, bytes));
  }

  @Override
  public void free(int handle) {
    if (runtime.isClosed()) {
      return; // the engine is gone, and everything in it
    }
    call(() -> {
      bridge.invokeVoid("free", handle);
      return null;
    });
  }

  @Override
  public int liveObjects() {
    return handle("liveObjects");
  }

  @Override
  public long memoryBytes() {
    return call(() -> bridge.invokeDouble("wasmMemoryBytes").longValue());
  }

  /** Runs a script in the engine's runtime; for tests of the runtime's behaviour. */
  void execute(String script) {
    call(() -> {
      runtime.getExecutor(script).executeVoid();
      return null;
    });
  }

  @Override
  public void close() {
    V8Lifecycle.serialised(() -> {
      closeRuntime();
      return null;
    });
  }

  private void closeRuntime() {
    if (runtime.isClosed()) {
      return;
    }
    try {
      if (bridge != null) {
        bridge.close();
      }
      // Released here, with the runtime: the engine draws randomness until its very end.
      randomCallbacks.forEach(callback -> runtime.removeCallbackContext(callback.getHandle()));
      runtime.close();
    } catch (JavetException e) {
      throw new SealException("cannot close V8: " + e.getMessage(), e);
    }
  }

  private int handle(String function, Object... args) {
    return call(() -> bridge.invokeInteger(function, args));
  }

  private byte[] bytes(String function, Object... args) {
    return call(() -> {
      try (V8ValueTypedArray array = bridge.invoke(function, args)) {
        return array.toBytes();
      }
    });
  }

  /** Calls {@code use} with {@code data} as a fresh Uint8Array, closed afterwards. */
  private <T> T withBytes(byte[] data, JavetFunction<V8ValueTypedArray, T> use) {
    return call(() -> {
      try (V8ValueTypedArray array = runtime.createV8ValueTypedArray(V8ValueReferenceType.Uint8Array, data.length)) {
        array.fromBytes(data);
        return use.apply(array);
      }
    });
  }

  private <T> T call(JavetSupplier<T> body) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a SEAL engine belongs to the thread that started it (" + owner.getName()
          + "), not to " + Thread.currentThread().getName());
    }
    if (runtime.isClosed()) {
      throw new IllegalStateException("the SEAL engine is closed");
    }
    T result;
    try {
      result = body.get();
    } catch (JavetException e) {
      throw failure(e);
    }
    String rejection = unhandledRejection;
    if (rejection != null) {
      unhandledRejection = null;
      throw new SealException("unhandled promise rejection in the SEAL engine: " + rejection);
    }
    return result;
  }

  private static SealException failure(JavetException e) {
    if (e instanceof BaseJavetScriptingException scripting) {
      // SEAL's own message, without the JavaScript "Error: " prefix.
      String message = String.valueOf(scripting.getScriptingError().getMessage());
      return new SealException(message.startsWith("Error: ") ? message.substring(7) : message, e);
    }
    return new SealException(e.getMessage(), e);
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  @FunctionalInterface
  private interface JavetSupplier<T> {
    T get() throws JavetException;
  }

  @FunctionalInterface
  private interface JavetFunction<A, T> {
    T apply(A argument) throws JavetException;
  }
}
