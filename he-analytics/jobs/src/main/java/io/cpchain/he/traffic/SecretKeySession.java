package io.cpchain.he.traffic;

import io.cpchain.he.seal.Decryptor;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import io.cpchain.he.seal.SecurityLevel;

/**
 * An engine with a secret key file's parameters and key loaded, and a decryptor: what the
 * analyst's and the insurer's sides start from. One per thread; closing it frees the engine.
 */
public final class SecretKeySession implements AutoCloseable {

  private final String keyId;
  private final SealEngine engine;
  private final SealContext context;
  private final Decryptor decryptor;

  public SecretKeySession(AnalyticsKeyFile secretKeyFile) {
    secretKeyFile.require(AnalyticsKeyFile.Kind.SECRET);
    this.keyId = secretKeyFile.keyId();
    this.engine = SealEngine.start();
    try {
      this.context = engine.context(secretKeyFile.parameters(), SecurityLevel.tc128);
      SecretKey secretKey = context.loadSecretKey(secretKeyFile.key());
      this.decryptor = context.decryptor(secretKey);
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
