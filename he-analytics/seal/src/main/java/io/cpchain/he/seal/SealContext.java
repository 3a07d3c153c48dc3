package io.cpchain.he.seal;

import io.cpchain.he.seal.SealBackend.Kind;
import java.math.BigInteger;

/** Validated encryption parameters in an engine; makes the keys, encoders and operators for them. */
public final class SealContext extends SealObject {

  SealContext(SealBackend backend, int handle) {
    super(backend, handle);
  }

  /** The parameters in SEAL's serialization, to rebuild this context elsewhere. */
  public byte[] saveParameters() {
    return backend.saveParameters(handle());
  }

  /** BFV: the plaintext modulus t; slot sums wrap around modulo t. Zero for CKKS. */
  public BigInteger plainModulus() {
    return new BigInteger(backend.plainModulus(handle()));
  }

  public KeyGenerator keyGenerator() {
    return new KeyGenerator(backend, backend.keyGenerator(handle()));
  }

  /** A generator for the keys that go with an existing secret key. */
  public KeyGenerator keyGenerator(SecretKey secretKey) {
    return new KeyGenerator(backend, backend.keyGeneratorFrom(handle(), secretKey.handle()));
  }

  public BatchEncoder batchEncoder() {
    return new BatchEncoder(backend, backend.batchEncoder(handle()));
  }

  public CkksEncoder ckksEncoder() {
    return new CkksEncoder(backend, backend.ckksEncoder(handle()));
  }

  public Encryptor encryptor(PublicKey publicKey) {
    return new Encryptor(backend, backend.encryptor(handle(), publicKey.handle()));
  }

  public Decryptor decryptor(SecretKey secretKey) {
    return new Decryptor(backend, backend.decryptor(handle(), secretKey.handle()));
  }

  public Evaluator evaluator() {
    return new Evaluator(backend, backend.evaluator(handle()));
  }

  public PublicKey loadPublicKey(byte[] saved) {
    return new PublicKey(backend, backend.load(Kind.PublicKey, handle(), saved));
  }

  public SecretKey loadSecretKey(byte[] saved) {
    return new SecretKey(backend, backend.load(Kind.SecretKey, handle(), saved));
  }

  public RelinKeys loadRelinKeys(byte[] saved) {
    return new RelinKeys(backend, backend.load(Kind.RelinKeys, handle(), saved));
  }

  public GaloisKeys loadGaloisKeys(byte[] saved) {
    return new GaloisKeys(backend, backend.load(Kind.GaloisKeys, handle(), saved));
  }

  /** Loads a ciphertext, checking (as SEAL does) that it is valid for these parameters. */
  public Ciphertext loadCiphertext(byte[] saved) {
    return new Ciphertext(backend, backend.load(Kind.CipherText, handle(), saved));
  }

  public Plaintext loadPlaintext(byte[] saved) {
    return new Plaintext(backend, backend.load(Kind.PlainText, handle(), saved));
  }
}
