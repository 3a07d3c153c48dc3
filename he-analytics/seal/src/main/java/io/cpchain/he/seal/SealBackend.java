package io.cpchain.he.seal;

/**
 * What the typed API needs from a SEAL implementation: SEAL's operations on objects named by
 * integer handles, data in and out as Java arrays and SEAL's own serialization. The Javet backend
 * runs node-seal's WebAssembly build in V8; a pure-JVM wasm runtime or a native SEAL binding could
 * implement the same interface without any caller changing.
 *
 * <p>A backend belongs to the thread that created it. Every method may throw {@link SealException}
 * carrying SEAL's own message. Every handle returned must be {@linkplain #free freed}.
 */
public interface SealBackend extends AutoCloseable {

  /** The kinds of object that have a SEAL serialization and can be loaded back. */
  enum Kind { PublicKey, SecretKey, RelinKeys, GaloisKeys, CipherText, PlainText }

  /** SEAL's version, as the engine reports it. */
  String version();

  int context(EncryptionParameters parameters);

  int contextFrom(byte[] savedParameters, SecurityLevel securityLevel);

  byte[] saveParameters(int context);

  /** The plaintext modulus as a decimal string (BFV); "0" for CKKS. */
  String plainModulus(int context);

  int keyGenerator(int context);

  int keyGeneratorFrom(int context, int secretKey);

  int secretKey(int keyGenerator);

  int createPublicKey(int keyGenerator);

  int createRelinKeys(int keyGenerator);

  /** @param steps the rotations to support, or null for SEAL's default (all powers of two) */
  int createGaloisKeys(int keyGenerator, int[] steps);

  int batchEncoder(int context);

  int ckksEncoder(int context);

  int slotCount(int encoder);

  int encodeLongs(int batchEncoder, long[] values);

  long[] decodeLongs(int batchEncoder, int plaintext, boolean signed);

  int encodeDoubles(int ckksEncoder, double[] values, double scale);

  double[] decodeDoubles(int ckksEncoder, int plaintext);

  int encryptor(int context, int publicKey);

  int encrypt(int encryptor, int plaintext);

  int decryptor(int context, int secretKey);

  int decrypt(int decryptor, int ciphertext);

  int noiseBudget(int decryptor, int ciphertext);

  int evaluator(int context);

  /** Evaluator operations on one or two operands that return a new object (see {@link Op}). */
  int evaluate(int evaluator, Op op, int a, int b);

  /** {@code a += b}, in place. */
  void addInPlace(int evaluator, int a, int b);

  int rotate(int evaluator, Rotation rotation, int ciphertext, int steps, int galoisKeys);

  double scale(int ciphertext);

  void setScale(int ciphertext, double scale);

  /** SEAL's serialization, the body zstd-compressed when {@code compressed}. */
  byte[] save(int object, boolean compressed);

  int load(Kind kind, int context, byte[] saved);

  void free(int handle);

  /** Objects not freed yet. */
  int liveObjects();

  /** Bytes of the engine's own memory (the wasm heap), for leak checks. */
  long memoryBytes();

  @Override
  void close();

  /** Evaluator operations; the second operand is unused (0) where the name says one. */
  enum Op {
    add, sub, negate, multiply, addPlain, multiplyPlain, relinearize, rescaleToNext, modSwitchToNext, modSwitchTo
  }

  /** Rotations: BFV rows by steps, BFV columns (swap), CKKS vector by steps, or the sum of all slots. */
  enum Rotation { rotateRows, rotateColumns, rotateVector, sumElements }
}
