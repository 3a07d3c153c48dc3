package io.cpchain.he.seal.javet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.he.seal.BatchEncoder;
import io.cpchain.he.seal.BfvParameters;
import io.cpchain.he.seal.BfvSession;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.Encryptor;
import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SealException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The pitfalls of running SEAL's wasm in V8 inside the JVM, each one provoked. */
class JavetSealBackendTest {

  private static final BfvParameters BFV = BfvParameters.of(8192, 20);

  @Test
  void sealDrawsAllItsRandomnessFromTheGivenSecureRandom() {
    CountingRandom counting = new CountingRandom(1);
    byte[][] first = keyAndCiphertext(counting);
    assertTrue(counting.drawn.get() >= 64, "key generation and encryption drew from the Java source: " + counting.drawn);
    // The same seed gives byte-identical keys and ciphertexts: nothing else feeds SEAL entropy.
    byte[][] again = keyAndCiphertext(new CountingRandom(1));
    assertArrayEquals(first[0], again[0]);
    assertArrayEquals(first[1], again[1]);
    byte[][] other = keyAndCiphertext(new CountingRandom(2));
    assertFalse(java.util.Arrays.equals(first[0], other[0]));
    assertFalse(java.util.Arrays.equals(first[1], other[1]));
  }

  @Test
  void aPromiseRejectedWithNoHandlerSurfacesAsAnExceptionAndTheEngineGoesOn() {
    JavetSealBackend backend = JavetSealBackend.start(new SecureRandom());
    try (SealEngine engine = new SealEngine(backend)) {
      // The call during which the rejection went unhandled reports it.
      SealException lost = assertThrows(SealException.class,
          () -> backend.execute("Promise.reject(new Error('nobody listens'))"));
      assertTrue(lost.getMessage().contains("nobody listens"), lost.getMessage());
      // A rejection that gets its handler in time is not an error.
      backend.execute("Promise.reject(new Error('handled')).catch(() => {})");
      assertEquals(0, engine.liveObjects());
      try (SealContext context = engine.context(BFV)) {
        assertEquals(1, engine.liveObjects());
      }
    }
  }

  @Test
  void embindsGeneratedGlueNeedsEvalAndHasIt() {
    JavetSealBackend backend = JavetSealBackend.start(new SecureRandom());
    try (SealEngine engine = new SealEngine(backend)) {
      backend.execute("if (new Function('return 6 * 7')() !== 42) throw new Error('eval')");
      assertTrue(engine.sealVersion().startsWith("node-seal 6.0.3"), engine.sealVersion());
    }
  }

  @Test
  void closingEveryObjectKeepsTheEngineMemoryFlatAndForgettingToGrowsIt() {
    try (SealEngine engine = SealEngine.start();
        SealContext context = engine.context(BFV);
        KeyGenerator keys = context.keyGenerator();
        PublicKey publicKey = keys.createPublicKey();
        BatchEncoder encoder = context.batchEncoder();
        Encryptor encryptor = context.encryptor(publicKey)) {
      long[] values = new Random(7).longs(8192, 0, 1000).toArray();
      for (int i = 0; i < 10; i++) {
        encryptAndSave(encoder, encryptor, values);
      }
      int liveBefore = engine.liveObjects();
      long memoryBefore = engine.memoryBytes();
      for (int i = 0; i < 300; i++) {
        encryptAndSave(encoder, encryptor, values);
      }
      assertEquals(liveBefore, engine.liveObjects(), "every object deleted");
      long grown = engine.memoryBytes() - memoryBefore;
      assertTrue(grown <= 4L << 20, "300 encryptions grew the wasm heap by " + grown + " bytes");

      // The check above can fail: the same work without closing grows the heap by the ciphertexts.
      List<Ciphertext> forgotten = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        Plaintext plain = encoder.encode(values);
        forgotten.add(encryptor.encrypt(plain));
      }
      assertEquals(liveBefore + 120, engine.liveObjects());
      assertTrue(engine.memoryBytes() - memoryBefore > 16L << 20,
          "60 unclosed ciphertexts of ~512 KiB: " + (engine.memoryBytes() - memoryBefore));
    }
  }

  @Test
  void anEngineBelongsToItsThreadAndEachThreadCanHaveOne() throws Exception {
    try (SealEngine engine = SealEngine.start()) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        Future<?> foreign = pool.submit(() -> engine.context(BFV));
        Exception wrongThread = assertThrows(Exception.class, foreign::get);
        assertTrue(wrongThread.getCause() instanceof IllegalStateException, String.valueOf(wrongThread.getCause()));

        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          long base = t * 1000L;
          results.add(pool.submit(() -> roundTrip(base)));
        }
        for (int t = 0; t < 4; t++) {
          long[] decoded = results.get(t).get();
          assertEquals(t * 1000L, decoded[0]);
          assertEquals(t * 1000L + 2 * 99, decoded[99]);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void everyClassLoaderGetsItsOwnCopyOfTheNativeLibrary() throws Exception {
    // As Flink loads a job (and each restart of it) in a class loader of its own.
    java.net.URL[] classpath = {
        SealEngine.class.getProtectionDomain().getCodeSource().getLocation(),
        com.caoccao.javet.interop.V8Host.class.getProtectionDomain().getCodeSource().getLocation()};
    for (int i = 0; i < 2; i++) {
      try (java.net.URLClassLoader loader = new java.net.URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
        Class<?> engineClass = loader.loadClass(SealEngine.class.getName());
        assertTrue(engineClass != SealEngine.class);
        Object engine = engineClass.getMethod("start").invoke(null);
        assertTrue(((String) engineClass.getMethod("sealVersion").invoke(engine)).startsWith("node-seal"));
        engineClass.getMethod("close").invoke(engine);
      }
    }
  }

  /** Encrypts [base, base+1, ...] and [0, 1, ...] and adds them, each thread with its own engine. */
  private static long[] roundTrip(long base) {
    try (BfvSession bfv = BfvSession.start(BFV, new SecureRandom());
        Ciphertext a = bfv.context().loadCiphertext(bfv.encrypt(LongStream.range(0, 100).map(i -> base + i).toArray()));
        Ciphertext b = bfv.context().loadCiphertext(bfv.encrypt(LongStream.range(0, 100).toArray()));
        Ciphertext sum = bfv.evaluator().add(a, b)) {
      return bfv.decrypt(sum);
    }
  }

  private static void encryptAndSave(BatchEncoder encoder, Encryptor encryptor, long[] values) {
    try (Plaintext plain = encoder.encode(values); Ciphertext cipher = encryptor.encrypt(plain)) {
      assertTrue(cipher.save().length > 100_000);
    }
  }

  private static byte[][] keyAndCiphertext(SecureRandom random) {
    try (BfvSession bfv = BfvSession.start(BFV, random)) {
      return new byte[][] {bfv.secretKey().save(), bfv.encrypt(1, 2, 3)};
    }
  }

  /** A seeded, counting stand-in: deterministic so that two engines can be compared byte for byte. */
  private static final class CountingRandom extends SecureRandom {
    private final Random seeded;
    final AtomicLong drawn = new AtomicLong();

    CountingRandom(long seed) {
      seeded = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
      drawn.addAndGet(bytes.length);
      seeded.nextBytes(bytes);
    }
  }
}
