package io.cpchain.he.seal;

import java.security.SecureRandom;

/**
 * For tests: an engine with a BFV context, a key pair and the operators on it, all freed with the
 * engine by {@link #close()}.
 */
public record BfvSession(SealEngine engine, SealContext context, SecretKey secretKey, PublicKey publicKey,
    BatchEncoder encoder, Encryptor encryptor, Decryptor decryptor, Evaluator evaluator) implements AutoCloseable {

  public static BfvSession start(BfvParameters parameters, SecureRandom random) {
    SealEngine engine = SealEngine.start(random);
    SealContext context = engine.context(parameters);
    SecretKey secretKey;
    PublicKey publicKey;
    try (KeyGenerator keys = context.keyGenerator()) {
      secretKey = keys.secretKey();
      publicKey = keys.createPublicKey();
    }
    return new BfvSession(engine, context, secretKey, publicKey, context.batchEncoder(),
        context.encryptor(publicKey), context.decryptor(secretKey), context.evaluator());
  }

  public byte[] encrypt(long... values) {
    try (Plaintext plain = encoder.encode(values); Ciphertext cipher = encryptor.encrypt(plain)) {
      return cipher.save();
    }
  }

  public long[] decrypt(Ciphertext cipher) {
    try (Plaintext plain = decryptor.decrypt(cipher)) {
      return encoder.decode(plain);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
