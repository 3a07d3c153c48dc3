package io.cpchain.he.traffic;

import io.cpchain.he.keys.HeSecretKey;
import io.cpchain.he.seal.BatchEncoder;
import io.cpchain.he.seal.Ciphertext;
import io.cpchain.he.seal.Decryptor;
import io.cpchain.he.seal.Plaintext;
import io.cpchain.he.seal.SealContext;
import io.cpchain.schemas.EncryptedTrafficWindow;

/** The analyst's side: decrypts aggregated windows with the analytics secret key. One per thread. */
public final class TrafficDecryptor implements AutoCloseable {

  private final String keyId;
  private final SecretKeySession session;
  private final SealContext context;
  private final BatchEncoder encoder;
  private final Decryptor decryptor;

  public TrafficDecryptor(HeSecretKey secretKey) {
    this.session = new SecretKeySession(secretKey);
    this.keyId = session.keyId();
    this.context = session.context();
    this.decryptor = session.decryptor();
    try {
      this.encoder = context.batchEncoder();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  /** @throws IllegalArgumentException if the window was encrypted under another key */
  public TrafficWindow decrypt(EncryptedTrafficWindow window) {
    if (!window.getKeyId().equals(keyId)) {
      throw new IllegalArgumentException("window of region " + window.getRegion() + " is under key "
          + window.getKeyId() + ", this key is " + keyId);
    }
    byte[] saved = new byte[window.getCiphertext().remaining()];
    window.getCiphertext().duplicate().get(saved);
    try (Ciphertext cipher = context.loadCiphertext(saved); Plaintext plain = decryptor.decrypt(cipher)) {
      if (decryptor.invariantNoiseBudget(cipher) == 0) {
        throw new IllegalStateException("window of region " + window.getRegion() + " has no noise budget left");
      }
      return TrafficWindow.fromSlots(window.getRegion(), window.getWindowStartMs(), window.getWindowEndMs(),
          window.getContributions(), encoder.decodeUnsigned(plain));
    }
  }

  public String keyId() {
    return keyId;
  }

  @Override
  public void close() {
    session.close();
  }
}
