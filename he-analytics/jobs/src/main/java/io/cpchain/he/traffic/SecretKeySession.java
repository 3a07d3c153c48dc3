package io.cpchain.he.traffic;

import io.cpchain.crypto.sign.SecretAccess;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.seal.Decryptor;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import io.cpchain.he.seal.SecurityLevel;

/**
 * An engine with a secret key's parameters and key loaded, and a decryptor: what the
 * analyst's and the insurer's sides start from. One per thread; closing it frees the engine.
 */
public final class SecretKeySession implements AutoCloseable {

  private final String keyId;
  private final SealEngine engine;
  private final SealContext context;
  private final Decryptor decryptor;

  public SecretKeySession(HeSecretKey secretKey) {
    this.keyId = secretKey.keyId();
    this.engine = SealEngine.start();
    try {
      this.context = engine.context(secretKey.parameters(), SecurityLevel.tc128);
      SecretKey loaded = context.loadSecretKey(secretKey.sealKey(SecretAccess.get()));
      this.decryptor = context.decryptor(loaded);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public String keyId() {
    return keyId;
  }

  public SealContext context() {
    return context;
  }

  public Decryptor decryptor() {
    return decryptor;
  }

  @Override
  public void close() {
    engine.close();
  }
}
