package io.cpchain.he.keys;

import io.cpchain.he.seal.EncryptionParameters;
import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;

/** A secret key and the public key made with it (same parameters, same key id). */
public record HeKeyPair(HeSecretKey secretKey, HePublicKey publicKey) {

  public HeKeyPair {
    if (!secretKey.keyId().equals(publicKey.keyId())) {
      throw new IllegalArgumentException("the secret key " + secretKey.keyId() + " is not the public key "
          + publicKey.keyId() + "'s");
    }
  }

  /** A new pair under {@code parameters}. */
  public static HeKeyPair generate(EncryptionParameters parameters) {
    try (SealEngine engine = SealEngine.start();
        SealContext context = engine.context(parameters);
        KeyGenerator generator = context.keyGenerator();
        SecretKey secretKey = generator.secretKey();
        PublicKey publicKey = generator.createPublicKey()) {
      return of(context, secretKey, publicKey);
    }
  }

  /** The pair from live SEAL keys of {@code context}. */
  public static HeKeyPair of(SealContext context, SecretKey secretKey, PublicKey publicKey) {
    byte[] parameters = context.saveParameters();
    HePublicKey pub = new HePublicKey(parameters, publicKey.save());
    return new HeKeyPair(new HeSecretKey(pub.keyId(), parameters, secretKey.save()), pub);
  }

  public String keyId() {
    return publicKey.keyId();
  }
}
