package io.cpchain.he;

import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.sign.Address;
import io.cpchain.he.contribution.ContributionSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A pipeline node's key as the stack makes one (encrypted key file, password file beside it), with cheap scrypt. */
public record TestPipelineNode(Path keyFile, Path passwordFile, Address address) {

  public static TestPipelineNode create(Path dir) throws Exception {
    char[] password = "pipeline-node-test-password".toCharArray();
    KeyStore keys = new KeyStore(dir, new KeyFile.ScryptParams(1 << 10, 8, 1));
    keys.create("pipeline-node", KeyKind.SECP256K1, password);
    Path passwordFile = dir.resolve("pipeline-node.password");
    Files.writeString(passwordFile, new String(password) + "\n");
    return new TestPipelineNode(dir.resolve("pipeline-node.key"), passwordFile,
        Address.fromHex(keys.describe("pipeline-node").id()));
  }

  /** The jobs' settings for this node: the contribution job signs with it, the other trusts it. */
  public List<String> settings() {
    return List.of("--signing-key-file", keyFile.toString(), "--signing-key-password-file", passwordFile.toString(),
        "--trusted-signers", address.toHex());
  }

  public ContributionSigner signer() throws Exception {
    return ContributionSigner.read(keyFile.toString(), passwordFile.toString());
  }
}
