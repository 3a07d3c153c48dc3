package io.cpchain.he.insurance;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.he.keys.HeEvaluationKeys;
import io.cpchain.he.keys.HeKeyPair;
import io.cpchain.he.keys.HePublicKey;
import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.seal.GaloisKeys;
import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.RelinKeys;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * An insurer's CKKS keys under {@link ScoringLayout#PARAMETERS}: the key pair (the secret key for
 * the insurer alone, the public key for every consenting driver's gateway) and the evaluation keys
 * (the scoring job: relinearisation, and Galois keys for the three lane rotations only).
 */
public record InsurerKeys(HeKeyPair pair, HeEvaluationKeys evaluationKeys) {

  public static final String SECRET_FILE = "insurer.key";
  public static final String PUBLIC_FILE = "insurer.pub";
  public static final String EVALUATION_FILE = "insurer.eval";

  public static InsurerKeys generate() {
    try (SealEngine engine = SealEngine.start();
        SealContext context = engine.context(ScoringLayout.PARAMETERS);
        KeyGenerator generator = context.keyGenerator();
        SecretKey secretKey = generator.secretKey();
        PublicKey publicKey = generator.createPublicKey();
        RelinKeys relinKeys = generator.createRelinKeys();
        GaloisKeys galoisKeys = generator.createGaloisKeys(ScoringLayout.GALOIS_STEPS)) {
      HeKeyPair pair = HeKeyPair.of(context, secretKey, publicKey);
      return new InsurerKeys(pair,
          new HeEvaluationKeys(pair.keyId(), context.saveParameters(), relinKeys.save(), galoisKeys.save()));
    }
  }

  /** The three files into {@code dir}, the secret one encrypted under {@code password}; refuses to replace it. */
  public void write(Path dir, char[] password) throws IOException, GeneralSecurityException {
    write(dir, password, KeyFile.DEFAULT_PARAMS);
  }

  /** With another scrypt cost: tests use cheap ones. */
  public void write(Path dir, char[] password, KeyFile.ScryptParams cost) throws IOException,
      GeneralSecurityException {
    secretKey().write(dir.resolve(SECRET_FILE), password, cost);
    publicKey().write(dir.resolve(PUBLIC_FILE));
    evaluationKeys.write(dir.resolve(EVALUATION_FILE));
  }

  public HeSecretKey secretKey() {
    return pair.secretKey();
  }

  public HePublicKey publicKey() {
    return pair.publicKey();
  }

  public String keyId() {
    return pair.keyId();
  }
}
