package io.cpchain.he.keys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Relinearisation and Galois keys with their encryption parameters, in SEAL's serialization: for a
 * party that computes on ciphertexts but can neither decrypt nor encrypt. A plain file
 * ({@link PlainKeyFile}, kind 'E'; its key is the two serializations, each length-prefixed).
 */
public final class HeEvaluationKeys extends PlainKey {

  private final byte[] relinKeys;
  private final byte[] galoisKeys;

  /** @param keyId the id of the public key these go with */
  public HeEvaluationKeys(String keyId, byte[] parameters, byte[] relinKeys, byte[] galoisKeys) {
    super(keyId, parameters);
    this.relinKeys = relinKeys.clone();
    this.galoisKeys = galoisKeys.clone();
  }

  public static HeEvaluationKeys read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** @throws IllegalArgumentException if {@code fileBytes} are not an evaluation keys file */
  public static HeEvaluationKeys parse(byte[] fileBytes, String source) {
    PlainKeyFile.Contents file = PlainKeyFile.decode(fileBytes, source, PlainKeyFile.EVALUATION);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(file.key()))) {
      byte[] relin = in.readNBytes(in.readInt());
      byte[] galois = in.readNBytes(in.readInt());
      return new HeEvaluationKeys(file.keyId(), file.parameters(), relin, galois);
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": the evaluation keys are truncated");
    }
  }

  @Override
  public byte[] toBytes() {
    ByteArrayOutputStream key = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(key)) {
      out.writeInt(relinKeys.length);
      out.write(relinKeys);
      out.writeInt(galoisKeys.length);
      out.write(galoisKeys);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory stream", e);
    }
    return PlainKeyFile.encode(PlainKeyFile.EVALUATION, keyId(), parameters(), key.toByteArray());
  }

  public byte[] relinKeys() {
    return relinKeys.clone();
  }

  public byte[] galoisKeys() {
    return galoisKeys.clone();
  }
}
