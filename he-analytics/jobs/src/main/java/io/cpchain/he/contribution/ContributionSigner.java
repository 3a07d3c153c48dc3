package io.cpchain.he.contribution;

import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.avro.specific.SpecificRecord;

/** The pipeline node's key, signing each contribution the owner side publishes (what the verifier checks). */
public final class ContributionSigner {

  private final AccountPrivateKey key;

  public ContributionSigner(AccountPrivateKey key) {
    this.key = key;
  }

  /** Reads the key where the task runs: it never travels in the job graph or its arguments. */
  public static ContributionSigner read(String keyFile, String passwordFile)
      throws IOException, GeneralSecurityException {
    return new ContributionSigner(KeyStore.loadAccountFile(Path.of(keyFile), PasswordFile.read(Path.of(passwordFile))));
  }

  public Address address() {
    return key.publicKey().address();
  }

  public <T extends SpecificRecord> T sign(ContributionKind<T> kind, T contribution) {
    return kind.withSignature(contribution, key.sign(kind.signedMessage(contribution)));
  }
}
