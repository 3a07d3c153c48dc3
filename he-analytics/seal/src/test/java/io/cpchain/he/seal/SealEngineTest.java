package io.cpchain.he.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The typed API against SEAL itself (node-seal's wasm in V8): arithmetic, CKKS, serialization, errors. */
class SealEngineTest {

  private static final BfvParameters BFV = BfvParameters.of(8192, 20);
  private static final CkksParameters CKKS = CkksParameters.of(8192, 60, 40, 40, 60);
  private static final double SCALE = Math.pow(2, 40);

  private static SealEngine engine;
  private static SealContext bfv;
  private static KeyGenerator keys;
  private static SecretKey secretKey;
  private static PublicKey publicKey;

  @BeforeAll
  static void start() {
    engine = SealEngine.start();
    bfv = engine.context(BFV);
    keys = bfv.keyGenerator();
    secretKey = keys.secretKey();
    publicKey = keys.createPublicKey();
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  @Test
  void bfvComputesExactlyOnEncryptedSlots() {
    long[] a = LongStream.range(0, 8192).map(i -> i % 100).toArray();
    long[] b = LongStream.range(0, 8192).map(i -> 3 - i % 7).toArray();
    try (BatchEncoder encoder = bfv.batchEncoder();
        Encryptor encryptor = bfv.encryptor(publicKey);
        Decryptor decryptor = bfv.decryptor(secretKey);
        Evaluator evaluator = bfv.evaluator();
        RelinKeys relinKeys = keys.createRelinKeys();
        GaloisKeys galoisKeys = keys.createGaloisKeys();
        Plaintext pa = encoder.encode(a);
        Plaintext pb = encoder.encode(b);
        Ciphertext ca = encryptor.encrypt(pa);
        Ciphertext cb = encryptor.encrypt(pb);
        Ciphertext sum = evaluator.add(ca, cb);
        Ciphertext difference = evaluator.sub(ca, cb);
        Ciphertext product = evaluator.multiply(ca, cb);
        Ciphertext relinearized = evaluator.relinearize(product, relinKeys);
        Ciphertext scaled = evaluator.multiplyPlain(ca, pb);
        Ciphertext rotated = evaluator.rotateRows(ca, 1, galoisKeys);
        Ciphertext total = evaluator.sumElements(ca, galoisKeys)) {
      assertEquals(8192, encoder.slotCount());
      assertArrayEquals(LongStream.range(0, 8192).map(i -> a[(int) i] + b[(int) i]).toArray(), decrypt(encoder, decryptor, sum));
      assertArrayEquals(LongStream.range(0, 8192).map(i -> a[(int) i] - b[(int) i]).toArray(),
          decrypt(encoder, decryptor, difference));
      long[] expectedProduct = LongStream.range(0, 8192).map(i -> a[(int) i] * b[(int) i]).toArray();
      assertArrayEquals(expectedProduct, decrypt(encoder, decryptor, relinearized));
      assertArrayEquals(expectedProduct, decrypt(encoder, decryptor, scaled));
      // Batching arranges the slots as two rows of n/2; rotateRows turns each row.
      long[] turned = decrypt(encoder, decryptor, rotated);
      assertEquals(a[1], turned[0]);
      assertEquals(a[0], turned[4095]);
      assertEquals(a[4097], turned[4096]);
      assertEquals(Arrays.stream(a).sum(), decrypt(encoder, decryptor, total)[17]);
      assertTrue(decryptor.invariantNoiseBudget(sum) > decryptor.invariantNoiseBudget(relinearized));

      encoder.encode(1).close();
      evaluator.addInPlace(ca, cb);
      assertArrayEquals(decrypt(encoder, decryptor, sum), decrypt(encoder, decryptor, ca));
    }
  }

  @Test
  void ckksMultipliesRescalesAndRotatesApproximately() {
    try (SealContext ckks = engine.context(CKKS);
        KeyGenerator generator = ckks.keyGenerator();
        SecretKey sk = generator.secretKey();
        PublicKey pk = generator.createPublicKey();
        RelinKeys relinKeys = generator.createRelinKeys();
        GaloisKeys galoisKeys = generator.createGaloisKeys(1, -1);
        CkksEncoder encoder = ckks.ckksEncoder();
        Encryptor encryptor = ckks.encryptor(pk);
        Decryptor decryptor = ckks.decryptor(sk);
        Evaluator evaluator = ckks.evaluator()) {
      assertEquals(4096, encoder.slotCount());
      double[] x = new double[4096];
      double[] w = new double[4096];
      for (int i = 0; i < x.length; i++) {
        x[i] = i / 100.0;
        w[i] = 0.5 + (i % 3);
      }
      try (Plaintext px = encoder.encode(x, SCALE);
          Plaintext pw = encoder.encode(w, SCALE);
          Ciphertext cx = encryptor.encrypt(px);
          Ciphertext squared = evaluator.relinearize(evaluator.multiply(cx, cx), relinKeys);
          Ciphertext rescaled = evaluator.rescaleToNext(squared);
          Plaintext pwLow = evaluator.modSwitchTo(pw, rescaled);
          Ciphertext weighted = evaluator.multiplyPlain(rescaled, pwLow);
          Ciphertext cxLow = evaluator.modSwitchTo(cx, rescaled);
          Ciphertext rotated = evaluator.rotateVector(cx, 1, galoisKeys);
          Plaintext out = decryptor.decrypt(rescaled);
          Plaintext outWeighted = decryptor.decrypt(weighted);
          Plaintext outRotated = decryptor.decrypt(rotated)) {
        assertTrue(Math.abs(rescaled.scale() - SCALE) / SCALE < 1e-3, "rescaling brings 2^80 back to about 2^40");
        rescaled.setScale(SCALE);
        try (Ciphertext plusX = evaluator.add(rescaled, cxLow); Plaintext outPlus = decryptor.decrypt(plusX)) {
          double[] plus = encoder.decode(outPlus);
          assertEquals(x[123] * x[123] + x[123], plus[123], 1e-3);
        }
        double[] squares = encoder.decode(out);
        double[] weightedSquares = encoder.decode(outWeighted);
        double[] shifted = encoder.decode(outRotated);
        for (int i = 0; i < x.length; i += 97) {
          assertEquals(x[i] * x[i], squares[i], 1e-3);
          assertEquals(x[i] * x[i] * w[i], weightedSquares[i], 1e-2);
          assertEquals(x[(i + 1) % x.length], shifted[i], 1e-3);
        }
      }
    }
  }

  @Test
  void everyObjectSavesInSealsFormatAndLoadsBack() {
    long[] values = LongStream.range(0, 50).map(i -> i * i).toArray();
    byte[] savedParameters = bfv.saveParameters();
    try (BatchEncoder encoder = bfv.batchEncoder();
        Encryptor encryptor = bfv.encryptor(publicKey);
        RelinKeys relinKeys = keys.createRelinKeys();
        GaloisKeys galoisKeys = keys.createGaloisKeys(1);
        Plaintext plain = encoder.encode(values);
        Ciphertext cipher = encryptor.encrypt(plain);
        SealContext restored = engine.context(savedParameters, SecurityLevel.tc128);
        SecretKey sk = restored.loadSecretKey(secretKey.save());
        PublicKey pk = restored.loadPublicKey(publicKey.save());
        RelinKeys rk = restored.loadRelinKeys(relinKeys.save());
        GaloisKeys gk = restored.loadGaloisKeys(galoisKeys.save());
        Ciphertext ct = restored.loadCiphertext(cipher.save());
        Plaintext pt = restored.loadPlaintext(plain.save());
        BatchEncoder restoredEncoder = restored.batchEncoder();
        Decryptor decryptor = restored.decryptor(sk);
        Evaluator evaluator = restored.evaluator();
        Encryptor restoredEncryptor = restored.encryptor(pk);
        Ciphertext fresh = restoredEncryptor.encrypt(pt);
        Ciphertext squared = evaluator.relinearize(evaluator.multiply(ct, fresh), rk);
        Ciphertext rotated = evaluator.rotateRows(ct, 1, gk)) {
      // SEAL's serialization header: magic 0xA15E (little-endian), header size 16, SEAL major version 4.
      byte[] saved = cipher.save();
      assertEquals((byte) 0x5E, saved[0]);
      assertEquals((byte) 0xA1, saved[1]);
      assertEquals(16, saved[2]);
      assertEquals(4, saved[3]);
      assertArrayEquals(Arrays.copyOf(values, 8192), decrypt(restoredEncoder, decryptor, ct));
      assertEquals(values[7] * values[7], decrypt(restoredEncoder, decryptor, squared)[7]);
      assertEquals(values[8], decrypt(restoredEncoder, decryptor, rotated)[7]);
      assertEquals(bfv.plainModulus(), restored.plainModulus());
      assertEquals(20, bfv.plainModulus().bitLength());
    }
  }

  @Test
  void sealErrorsComeBackAsJavaExceptionsWithSealsMessage() {
    SealException insecure = assertThrows(SealException.class,
        () -> engine.context(new BfvParameters(4096, 20, new int[] {60, 60, 60}, SecurityLevel.tc128)));
    assertTrue(insecure.getMessage().contains("SEAL rejected the encryption parameters"), insecure.getMessage());
    SealException garbage = assertThrows(SealException.class, () -> bfv.loadCiphertext(new byte[] {1, 2, 3, 4}));
    assertTrue(!garbage.getMessage().isBlank());
    try (SealContext other = engine.context(BfvParameters.of(4096, 20));
        KeyGenerator otherKeys = other.keyGenerator();
        PublicKey otherPublic = otherKeys.createPublicKey();
        BatchEncoder encoder = bfv.batchEncoder();
        Plaintext plain = encoder.encode(1, 2, 3)) {
      byte[] foreignKey = otherPublic.save();
      SealException mismatch = assertThrows(SealException.class, () -> bfv.loadPublicKey(foreignKey));
      assertTrue(mismatch.getMessage().toLowerCase().contains("invalid")
          || mismatch.getMessage().toLowerCase().contains("mismatch"), mismatch.getMessage());
      try (Encryptor wrong = other.encryptor(otherPublic)) {
        SealException wrongContext = assertThrows(SealException.class, () -> wrong.encrypt(plain));
        assertTrue(!wrongContext.getMessage().isBlank());
      }
    }
  }

  @Test
  void aClosedObjectCannotBeUsed() {
    BatchEncoder encoder = bfv.batchEncoder();
    Plaintext plain = encoder.encode(5);
    plain.close();
    plain.close();
    IllegalStateException closed = assertThrows(IllegalStateException.class, () -> encoder.decode(plain));
    assertEquals("Plaintext is closed", closed.getMessage());
    encoder.close();
  }

  private static long[] decrypt(BatchEncoder encoder, Decryptor decryptor, Ciphertext cipher) {
    try (Plaintext plain = decryptor.decrypt(cipher)) {
      return encoder.decode(plain);
    }
  }
}
