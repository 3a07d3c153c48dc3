package io.cpchain.cli.keys;

import io.cpchain.crypto.keys.KeyKind;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code keys new|list|show-public}: owner, node and device keys, encrypted at rest. */
@Command(name = "keys", description = "Keys encrypted at rest (scrypt + AES-256-GCM) in <work dir>/keys.",
    subcommands = {KeysCommand.New.class, KeysCommand.ListKeys.class, KeysCommand.ShowPublic.class})
public final class KeysCommand implements Runnable {

  public static final String PASSWORD_ENV = "CPCHAIN_KEY_PASSWORD";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class StoreOptions {
    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = ".cpchain", description = "work directory (default: ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--dir", paramLabel = "DIR", description = "key directory (default: <work dir>/keys)")
    Path dir;

    KeyStore store() {
      return new KeyStore(dir != null ? dir : workDir.resolve("keys"));
    }
  }

  @Command(name = "new", description = "Create a key: ed25519 for a device, secp256k1 for an owner or node account."
      + " The password comes from $" + PASSWORD_ENV + " or --password-file, never from the command line.")
  static final class New implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "ed25519 or secp256k1")
    String kind;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the key's name")
    String name;

    @Option(names = "--password-file", paramLabel = "FILE", description = "file whose first line is the password")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
      KeyKind keyKind = switch (kind.toLowerCase()) {
        case "ed25519" -> KeyKind.ED25519;
        case "secp256k1" -> KeyKind.SECP256K1;
        default -> throw new IllegalArgumentException("--kind must be ed25519 or secp256k1, got '" + kind + "'");
      };
      KeyStore.Entry entry = options.store().create(name, keyKind, password(passwordFile));
      System.out.println(describe(entry));
      return 0;
    }
  }

  @Command(name = "list", description = "List the keys: name, kind, key id or address. No password needed.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Override
    public Integer call() throws Exception {
      for (KeyStore.Entry entry : options.store().list()) {
        System.out.println(describe(entry));
      }
      return 0;
    }
  }

  @Command(name = "show-public", description = "Print a key's public key (hex). No password needed.")
  static final class ShowPublic implements Callable<Integer> {
    @Mixin StoreOptions options;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the key's name")
    String name;

    @Override
    public Integer call() throws Exception {
      System.out.println(options.store().describe(name).publicKeyHex());
      return 0;
    }
  }

  private static String describe(KeyStore.Entry entry) {
    return String.format("%-20s %-9s %s", entry.name(), entry.kind().name().toLowerCase(), entry.id());
  }

  public static char[] password(Path passwordFile) throws IOException {
    if (passwordFile != null) {
      return PasswordFile.read(passwordFile);
    }
    String fromEnv = System.getenv(PASSWORD_ENV);
    if (fromEnv == null || fromEnv.isEmpty()) {
      throw new IllegalArgumentException("no password: set $" + PASSWORD_ENV + " or give --password-file");
    }
    return fromEnv.toCharArray();
  }
}
