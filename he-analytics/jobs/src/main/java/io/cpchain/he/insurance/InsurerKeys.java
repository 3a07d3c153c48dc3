package io.cpchain.he.insurance;

import io.cpchain.he.seal.GaloisKeys;
import io.cpchain.he.seal.KeyGenerator;
import io.cpchain.he.seal.PublicKey;
import io.cpchain.he.seal.RelinKeys;
import io.cpchain.he.seal.SealContext;
import io.cpchain.he.seal.SealEngine;
import io.cpchain.he.seal.SecretKey;
import io.cpchain.he.traffic.AnalyticsKeyFile;
import io.cpchain.he.traffic.AnalyticsKeyFile.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An insurer's CKKS keys under {@link ScoringLayout#PARAMETERS}, as {@link AnalyticsKeyFile}s:
 * the secret key (the insurer alone), the public key (every consenting driver's gateway) and the
 * evaluation keys (the scoring job: relinearisation, and Galois keys for the three lane
 * rotations only). The evaluation file's key is the two SEAL serializations, each length-prefixed.
 */
public final class InsurerKeys {

  public static final String SECRET_FILE = "insurer.key";
  public static final String PUBLIC_FILE = "insurer.pub";
  public static final String EVALUATION_FILE = "insurer.eval";

  private InsurerKeys() {}

  /** New keys written into {@code dir}; returns the key id. */
  public static String generate(Path dir) throws IOException {
    AnalyticsKeyFile[] files = generate();
    files[0].write(dir.resolve(SECRET_FILE));
    files[1].write(dir.resolve(PUBLIC_FILE));
    files[2].write(dir.resolve(EVALUATION_FILE));
    return files[0].keyId();
  }

  /** {secret, public, evaluation}. */
  public static AnalyticsKeyFile[] generate() {
    try (SealEngine engine = SealEngine.start();
        SealContext context = engine.context(ScoringLayout.PARAMETERS);
        KeyGenerator generator = context.keyGenerator();
        SecretKey secretKey = generator.secretKey();
        PublicKey publicKey = generator.createPublicKey();
        RelinKeys relinKeys = generator.createRelinKeys();
        GaloisKeys galoisKeys = generator.createGaloisKeys(ScoringLayout.GALOIS_STEPS)) {
      byte[] parameters = context.saveParameters();
      byte[] publicBytes = publicKey.save();
      String keyId = AnalyticsKeyFile.keyIdOf(publicBytes);
      return new AnalyticsKeyFile[] {
          new AnalyticsKeyFile(Kind.SECRET, keyId, parameters, secretKey.save()),
          new AnalyticsKeyFile(Kind.PUBLIC, keyId, parameters, publicBytes),
          new AnalyticsKeyFile(Kind.EVALUATION, keyId, parameters,
              evaluationKey(relinKeys.save(), galoisKeys.save()))};
    }
  }

  static byte[] evaluationKey(byte[] relinKeys, byte[] galoisKeys) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(relinKeys.length);
      out.write(relinKeys);
      out.writeInt(galoisKeys.length);
      out.write(galoisKeys);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream", e);
    }
    return bytes.toByteArray();
  }

  /** {relinearisation keys, Galois keys}, SEAL-serialized, from an evaluation key file. */
  static byte[][] evaluationParts(AnalyticsKeyFile evaluation) {
    evaluation.require(Kind.EVALUATION);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(evaluation.key()))) {
      byte[] relin = in.readNBytes(in.readInt());
      byte[] galois = in.readNBytes(in.readInt());
      return new byte[][] {relin, galois};
    } catch (IOException e) {
      throw new IllegalArgumentException("evaluation key file is truncated");
    }
  }
}
