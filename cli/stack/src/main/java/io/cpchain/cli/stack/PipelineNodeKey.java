package io.cpchain.cli.stack;

import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.crypto.sign.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The local pipeline node's secp256k1 key, which signs every manifest the encrypt job writes: an
 * encrypted key file in {@code <work dir>/keys/pipeline-node.key} and its password in a file beside it
 * (owner-only permissions), which the job reads on its task managers. Readers of manifests trust the
 * address of this key.
 */
public final class PipelineNodeKey {

  public static final String NAME = "pipeline-node";

  private PipelineNodeKey() {}

  public static Path keyFile(StackConfig stack) {
    return stack.workDir().resolve("keys").resolve(NAME + ".key");
  }

  public static Path passwordFile(StackConfig stack) {
    return stack.workDir().resolve("keys").resolve(NAME + ".password");
  }

  /**
   * The analytics jobs' settings for this node: their contribution jobs sign with its key, their
   * aggregation and scoring jobs take only contributions it signed.
   */
  public static List<String> contributionSettings(StackConfig stack) {
    return List.of("--signing-key-file", keyFile(stack).toAbsolutePath().toString(),
        "--signing-key-password-file", passwordFile(stack).toAbsolutePath().toString(),
        "--trusted-signers", address(stack).toHex());
  }

  /** Creates the key and its password file unless they exist. */
  public static void ensure(StackConfig stack) {
    if (Files.exists(keyFile(stack))) {
      return;
    }
    try {
      new KeyStore(keyFile(stack).getParent(), KeyFile.DEFAULT_PARAMS).create(NAME, KeyKind.SECP256K1,
          PasswordFile.readOrCreate(passwordFile(stack)));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the pipeline node's key in " + keyFile(stack) + ": " + e, e);
    }
  }

  /** The address readers trust manifests from; no password needed. */
  public static Address address(StackConfig stack) {
    try {
      return Address.fromHex(new KeyStore(keyFile(stack).getParent()).describe(NAME).id());
    } catch (IOException | CryptoFormatException e) {
      throw new IllegalStateException("no pipeline node key in " + keyFile(stack)
          + " (bin/cpchain up creates it): " + e.getMessage());
    }
  }
}
