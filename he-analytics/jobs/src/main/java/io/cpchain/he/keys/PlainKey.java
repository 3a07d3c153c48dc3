package io.cpchain.he.keys;

import java.io.IOException;
import java.nio.file.Path;

/** What the keys kept as plain files share: the key id, the encryption parameters, and the file. */
abstract class PlainKey {

  private final String keyId;
  private final byte[] parameters;

  PlainKey(String keyId, byte[] parameters) {
    this.keyId = keyId;
    this.parameters = parameters.clone();
  }

  /** The file's bytes ({@link PlainKeyFile}): what a job carries in its graph. */
  public abstract byte[] toBytes();

  /** Replaces {@code file} at once. */
  public void write(Path file) throws IOException {
    PlainKeyFile.write(file, toBytes());
  }

  public String keyId() {
    return keyId;
  }

  /** SEAL's serialization of the encryption parameters. */
  public byte[] parameters() {
    return parameters.clone();
  }

  /** The key id only. */
  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keyId + ")";
  }
}
