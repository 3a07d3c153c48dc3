package io.cpchain.consensus.server;

import io.cpchain.consensus.state.Genesis;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyFile;
import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.sign.AccountPrivateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * {@code NodeMain --config node.yaml}: runs one chain node until SIGTERM. The key file's password
 * comes from {@code keyPasswordFile} in the config or the {@code CPCHAIN_KEY_PASSWORD} variable.
 * A bad config or key is one line on stderr and exit code 2.
 */
public final class NodeMain {

  private NodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2 || !args[0].equals("--config")) {
      Daemon.exit("cpchain node", "usage: NodeMain --config node.yaml");
    }
    Node node = Daemon.startOrExit("cpchain node", () -> {
      Node opened = open(Path.of(args[1]));
      opened.start();
      return opened;
    });
    Daemon.runUntilStopped(node);
  }

  /** Reads the config, genesis and key; does not start anything. */
  public static Node open(Path configFile) throws IOException, GeneralSecurityException {
    NodeConfig config = NodeConfig.read(configFile);
    Genesis genesis = GenesisFile.read(config.genesis());
    return new Node(config, loadKey(config), genesis);
  }

  static AccountPrivateKey loadKey(NodeConfig config) throws IOException, GeneralSecurityException {
    String password = config.keyPasswordFile() != null ? Files.readString(config.keyPasswordFile()).strip()
        : System.getenv("CPCHAIN_KEY_PASSWORD");
    if (password == null) {
      throw new IllegalArgumentException("no key password: set keyPasswordFile in the config or CPCHAIN_KEY_PASSWORD");
    }
    KeyFile file;
    try {
      file = KeyFile.read(config.keyFile());
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException(config.keyFile() + ": " + e.getMessage());
    }
    if (file.kind() != KeyKind.SECP256K1) {
      throw new IllegalArgumentException(config.keyFile() + ": a node key must be a secp256k1 account key");
    }
    try {
      return AccountPrivateKey.fromBytes(file.decrypt(password.toCharArray()));
    } catch (CryptoFormatException e) {
      throw new IllegalArgumentException(config.keyFile() + ": " + e.getMessage());
    }
  }
}
