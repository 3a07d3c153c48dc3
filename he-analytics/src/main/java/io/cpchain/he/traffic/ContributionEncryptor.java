package io.cpchain.he.traffic;

import io.cpchain.he.seal.BatchEncoder;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.Encryptor;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecurityLevel;

/** The gateway's side: encrypts slot vectors under the analytics public key. One per thread. */
public final class ContributionEncryptor implements AutoCloseable {

  private final String keyId;
  private final SealEngine engine;
  private final BatchEncoder encoder;
  private final Encryptor encryptor;

  public ContributionEncryptor(AnalyticsKeyFile publicKeyFile) {
    publicKeyFile.require(AnalyticsKeyFile.Kind.PUBLIC);
    this.keyId = publicKeyFile.keyId();
    this.engine = SealEngine.start();
    try {
      SealContext context = engine.context(publicKeyFile.parameters(), SecurityLevel.tc128);
      PublicKey publicKey = context.loadPublicKey(publicKeyFile.key());
      this.encoder = context.batchEncoder();
      this.encryptor = context.encryptor(publicKey);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public String keyId() {
    return keyId;
  }

  /** SEAL's serialization of the encrypted vector. */
  public byte[] encrypt(long[] slots) {
    try (Plaintext plain = encoder.encode(slots); Ciphertext cipher = encryptor.encrypt(plain)) {
      return cipher.save();
    }
  }

  /** Frees the engine and, with it, the context, key and operators opened above. */
  @Override
  public void close() {
    engine.close();
  }
}
