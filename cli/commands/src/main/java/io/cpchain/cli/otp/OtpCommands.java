package io.cpchain.cli.otp;

import io.cpchain.cli.StackOptions;
import io.cpchain.cli.anchor.ChainOptions;
import io.cpchain.cli.keys.KeysCommand;
import io.cpchain.consensus.api.ValidatorSet;
import io.cpchain.consensus.api.Verdict;
import io.cpchain.consensus.client.Views;
import io.cpchain.crypto.CryptoFormatException;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.sign.AccountPrivateKey;
import io.cpchain.crypto.sign.Address;
import io.cpchain.otp.ContentCommitment;
import io.cpchain.otp.ContentRefusedException;
import io.cpchain.otp.OtpClient;
import io.cpchain.otp.ResourceStores;
import io.cpchain.otp.VerifiedReader;
import io.cpchain.otp.uri.OtpUri;
import io.cpchain.storage.S3NodeStore;
import io.cpchain.storage.StorageCredentials;
import io.cpchain.storage.StorageNode;
import io.cpchain.otp.uri.OtpUriException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code otp publish|resolve|get}: OTP resources named otp://owner/path, registered on the chain, read verified. */
@Command(name = "otp", description = "The open transfer protocol: publish a file under an otp:// name registered on"
    + " the chain, resolve a name to its record, get its bytes verified against the chain, subscribe to a"
    + " device's live intervals through the proxies of a grant.",
    subcommands = {OtpCommands.Publish.class, OtpCommands.Resolve.class, OtpCommands.Get.class,
        OtpSubscribe.class})
public final class OtpCommands implements Runnable {

  static final Duration WAIT = Duration.ofSeconds(60);

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static OtpUri uri(String text) {
    try {
      return OtpUri.parse(text);
    } catch (OtpUriException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  static OtpClient client(ChainOptions chain, ResourceStores stores) {
    return new OtpClient(chain.client(), stores, WAIT);
  }

  /** Where {@code s3://<node id>/<key>} locators point: the local stack's storage nodes unless told otherwise. */
  static final class S3Options {
    @Mixin StackOptions stack;

    @Option(names = "--storage-nodes", paramLabel = "ID=URL,...",
        description = "the S3 storage nodes that s3://<id>/... locators name (default: the local stack's)")
    String nodes;

    @Option(names = "--storage-credentials", paramLabel = "FILE",
        description = "their S3 credentials file (default: the local stack's)")
    Path credentials;

    /** The backends for {@code locators}; the S3 nodes are looked up only if one of them is an s3:// locator. */
    ResourceStores stores(List<String> locators) throws IOException {
      if (locators.stream().noneMatch(l -> l.startsWith("s3://"))) {
        return new ResourceStores();
      }
      List<StorageNode> list = nodes != null ? StorageNode.parseList(nodes) : stack.config().storageNodeList();
      StorageCredentials key = credentials != null ? StorageCredentials.read(credentials)
          : stack.config().storageCredentials();
      Map<String, S3NodeStore> byId = new HashMap<>();
      list.forEach(node -> byId.put(node.id(), new S3NodeStore(node, key)));
      return new ResourceStores(byId);
    }
  }

  static Views.ResourceInfo resolved(OtpClient otp, OtpUri uri) {
    try {
      return otp.resolve(uri).orElseThrow(() -> new IllegalArgumentException("no resource " + uri
          + " on the chain"));
    } catch (UncheckedIOException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  @Command(name = "publish", description = "Put FILE on the storage backend, check it is served back as committed,"
      + " and register it under the name (the next version unless the name gives one), signed by the owner's key.")
  static final class Publish implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin S3Options s3;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the bytes to publish")
    Path file;

    @Option(names = "--as", required = true, paramLabel = "otp://OWNER/PATH",
        description = "the name: otp://<owner address>/datasets/<name>[@version] or /aggregates/<name>")
    String as;

    @Option(names = "--storage", required = true, paramLabel = "LOCATOR", description = "file:///DIR (the file is"
        + " copied there, named by its content root), s3://NODE-ID (an object on that storage node, likewise) or"
        + " http(s)://HOST/PATH (the object's URL on an origin you run)")
    String storage;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "the owner's chain account key file")
    Path key;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "file whose first line is the key file's password (default: $" + KeysCommand.PASSWORD_ENV + ")")
    Path passwordFile;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "" + ContentCommitment.DEFAULT_CHUNK,
        description = "the committed chunk size (default: ${DEFAULT-VALUE})")
    int chunkSize;

    @Option(names = "--proxy", paramLabel = "0xADDRESS", description = "a proxy that may serve it (repeatable)")
    List<String> proxies = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      OtpUri uri = uri(as);
      List<Address> allowed = new ArrayList<>();
      for (String proxy : proxies) {
        try {
          allowed.add(Address.fromHex(proxy));
        } catch (CryptoFormatException e) {
          throw new IllegalArgumentException("--proxy " + proxy + ": " + e.getMessage());
        }
      }
      AccountPrivateKey owner = KeyStore.loadAccountFile(key, KeysCommand.password(passwordFile));
      Views.ResourceInfo record;
      try {
        record = client(chain, s3.stores(List.of(storage))).publish(owner, uri, file, storage, chunkSize, allowed);
      } catch (ContentRefusedException e) {
        throw new IllegalStateException("not registered: " + e.getMessage());
      } catch (IOException | UncheckedIOException e) {
        throw new IllegalStateException("not published: " + e);
      }
      spec.commandLine().getOut().println("published " + record.uri() + ": " + record.totalLength() + " bytes, root "
          + record.contentRoot() + ", final in block " + record.height() + " at " + storage(record));
      return 0;
    }
  }

  /** What resolve and get share: the chain to ask, the name, the storage nodes and the genesis validators. */
  abstract static class NamedResource {
    @Mixin ChainOptions chain;
    @Mixin S3Options s3;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URI", description = "otp://<owner address>/<path>")
    String name;

    /**
     * The record, checked against its block's certificate when the genesis is known (--genesis, or the
     * local chain's): how that went, one line; a record its block does not back is refused.
     */
    String certified(Views.ResourceInfo record) throws IOException {
      ValidatorSet validators = chain.validators(s3.stack.config().workDir());
      if (validators == null) {
        return "not checked (no genesis: give --genesis, or run the local chain)";
      }
      Verdict verdict = client(chain, new ResourceStores()).proveFinal(record, validators);
      if (!verdict.ok()) {
        throw new IllegalStateException(record.uri() + " is not backed by the chain: " + verdict.reason());
      }
      return "block " + record.height() + " certified by " + validators.quorum() + " of the " + validators.size()
          + " genesis validators; its transaction " + record.txHash() + ", signed by the owner, says this record";
    }
  }

  @Command(name = "resolve", description = "Print the record a name resolves to on the chain: its block, its"
      + " commitment, where the bytes are and which proxies may serve them.")
  static final class Resolve extends NamedResource implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
      Views.ResourceInfo record = resolved(client(chain, new ResourceStores()), uri(name));
      print(record, spec.commandLine().getOut());
      spec.commandLine().getOut().println("certificate    " + certified(record));
      return 0;
    }
  }

  @Command(name = "get", description = "Read a public resource's bytes from its backends into --out, verified"
      + " against the chain's commitment; tampered bytes are refused and the backend named.")
  static final class Get extends NamedResource implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "where the verified bytes go")
    Path out;

    @Override
    public Integer call() throws Exception {
      Views.ResourceInfo record = resolved(client(chain, new ResourceStores()), uri(name));
      String certificate = certified(record);
      VerifiedReader.Read read;
      try {
        read = client(chain, s3.stores(record.locators())).get(record, out);
      } catch (ContentRefusedException e) {
        throw new IllegalStateException(record.uri() + " " + e.getMessage());
      } catch (IOException e) {
        throw new IllegalStateException("cannot write " + out + ": " + e);
      }
      read.refused().forEach(r -> spec.commandLine().getErr().println("cpchain: skipped " + r));
      spec.commandLine().getOut().println(out + ": " + record.totalLength() + " bytes of " + record.uri() + " verified against"
          + " block " + record.height() + ", served by " + read.servedBy() + "; certificate: " + certificate);
      return 0;
    }
  }

  static String storage(Views.ResourceInfo record) {
    return String.join(", ", record.locators());
  }

  static void print(Views.ResourceInfo r, PrintWriter out) {
    out.println("uri            " + r.uri());
    out.println("kind           " + r.kind());
    out.println("owner          " + r.owner());
    out.println("version        " + r.version());
    out.println("final in block " + r.height() + " at " + Instant.ofEpochMilli(r.registeredAtMs()) + " (tx "
        + r.txHash() + ")");
    out.println("content root   " + r.contentRoot() + " over " + r.totalLength() + " bytes in " + r.chunkSize()
        + "-byte chunks (RFC 6962)");
    out.println("stored at      " + storage(r));
    out.println("proxies        " + (r.proxies().isEmpty() ? "none" : String.join(", ", r.proxies())));
  }
}
