package io.cpchain.he.traffic;

import io.cpchain.he.keys.HePublicKey;
import io.cpchain.he.seal.BatchEncoder;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.CkksEncoder;
import io.cpchain.he.seal.Encryptor;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecurityLevel;

/**
 * The gateway's side: encrypts slot vectors under a public key (the analytics one, BFV, or an
 * insurer's, CKKS). One per thread.
 */
public final class ContributionEncryptor implements AutoCloseable {

  private final String keyId;
  private final SealEngine engine;
  private final SealContext context;
  private final Encryptor encryptor;
  private BatchEncoder batchEncoder;
  private CkksEncoder ckksEncoder;

  public ContributionEncryptor(HePublicKey publicKey) {
    this.keyId = publicKey.keyId();
    this.engine = SealEngine.start();
    try {
      this.context = engine.context(publicKey.parameters(), SecurityLevel.tc128);
      PublicKey loaded = context.loadPublicKey(publicKey.sealKey());
      this.encryptor = context.encryptor(loaded);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public String keyId() {
    return keyId;
  }

  /** BFV: SEAL's serialization of the encrypted integer vector. */
  public byte[] encrypt(long[] slots) {
    if (batchEncoder == null) {
      batchEncoder = context.batchEncoder();
    }
    try (Plaintext plain = batchEncoder.encode(slots); Ciphertext cipher = encryptor.encrypt(plain)) {
      return cipher.save();
    }
  }

  /**
   * CKKS: SEAL's serialization of the encrypted real vector, encoded at {@code scale}, uncompressed
   * ({@link Ciphertext#saveUncompressed()}: the scoring job loads one per driver and contribution).
   */
  public byte[] encrypt(double[] slots, double scale) {
    if (ckksEncoder == null) {
      ckksEncoder = context.ckksEncoder();
    }
    try (Plaintext plain = ckksEncoder.encode(slots, scale); Ciphertext cipher = encryptor.encrypt(plain)) {
      return cipher.saveUncompressed();
    }
  }

  /** Frees the engine and, with it, the context, key and operators opened above. */
  @Override
  public void close() {
    engine.close();
  }
}
