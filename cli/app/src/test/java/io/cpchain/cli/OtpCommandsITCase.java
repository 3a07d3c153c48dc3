package io.cpchain.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cpchain.consensus.testing.TestChain;
import io.cpchain.crypto.keys.KeyStore;
import io.cpchain.crypto.keys.PasswordFile;
import io.cpchain.otp.RangeOrigin;
import io.cpchain.storage.LocalStorageNodes;
import io.cpchain.storage.StorageNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cpchain otp publish|resolve|get} against a real four-node chain: a dataset on a directory
 * on an HTTP origin and on an S3 storage node, resolved to its block, got verified; a byte changed
 * on the origin is one line naming it, and a malformed name is one line too.
 */
class OtpCommandsITCase {

  record Result(int exitCode, String out, String err) {}

  static Result run(String... args) {
    CommandLine cli = Cpchain.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Result(cli.execute(args), out.toString(), err.toString());
  }

  @Test
  void publishResolveGetAndATamperedOrigin(@TempDir Path dir) throws Exception {
    try (TestChain chain = new TestChain(dir.resolve("chain"), 1)) {
      String owner = KeyStore.loadAccountFile(chain.clientKey(1), PasswordFile.read(chain.password())).publicKey()
          .address().toHex();
      String node = chain.api(2);
      byte[] bytes = new byte[10_000];
      new Random(3).nextBytes(bytes);
      Path file = Files.write(dir.resolve("counts.bin"), bytes);
      Path www = Files.createDirectories(dir.resolve("www"));
      Files.write(www.resolve("counts.bin"), bytes);
      String name = "otp://" + owner + "/datasets/city-counts";
      String[] key = {"--key", chain.clientKey(1).toString(), "--password-file", chain.password().toString(),
          "--chain-node", chain.api(1), "--chunk-size", "4096"};

      Result onDisk = run(concat(new String[] {"otp", "publish", file.toString(), "--as", name, "--storage",
          dir.resolve("store").toUri().toString()}, key));
      assertEquals(0, onDisk.exitCode(), onDisk.err());
      assertTrue(onDisk.out().startsWith("published " + name + "@1: 10000 bytes, root 0x"), onDisk.out());

      try (RangeOrigin origin = new RangeOrigin(www)) {
        String url = origin.url("counts.bin").toString();
        Result onOrigin = run(concat(new String[] {"otp", "publish", file.toString(), "--as", name, "--storage", url},
            key));
        assertEquals(0, onOrigin.exitCode(), onOrigin.err());
        assertTrue(onOrigin.out().contains(name + "@2") && onOrigin.out().endsWith("at " + url + "\n"),
            onOrigin.out());

        Result resolved = run("otp", "resolve", name, "--chain-node", node, "--genesis",
            chain.layout().dir().resolve("genesis.yaml").toString());
        assertEquals(0, resolved.exitCode(), resolved.err());
        assertTrue(resolved.out().contains("certificate    block "), resolved.out());
        assertTrue(resolved.out().contains(" certified by 3 of the 4 genesis validators; its transaction 0x"),
            resolved.out());
        assertTrue(resolved.out().contains("uri            " + name + "@2\n"), resolved.out());
        assertTrue(resolved.out().contains("final in block "), resolved.out());
        assertTrue(resolved.out().contains("stored at      " + url + "\n"), resolved.out());

        Path out = dir.resolve("got.bin");
        Result got = run("otp", "get", name, "--out", out.toString(), "--chain-node", node);
        assertEquals(0, got.exitCode(), got.err());
        assertArrayEquals(bytes, Files.readAllBytes(out));
        assertTrue(got.out().contains("served by " + url + "; certificate: not checked (no genesis"), got.out());

        bytes[9_999] ^= 0x10;
        Files.write(www.resolve("counts.bin"), bytes);
        Path tampered = dir.resolve("tampered.bin");
        Result refused = run("otp", "get", name, "--out", tampered.toString(), "--chain-node", node);
        assertEquals(1, refused.exitCode());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("cpchain: " + name + "@2 refused: no backend served the committed bytes: "
            + url + " served altered bytes"), refused.err());
        assertFalse(Files.exists(tampered));

        Result first = run("otp", "get", name + "@1", "--out", tampered.toString(), "--chain-node", node);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("served by file:"), first.out());
      }

      try (LocalStorageNodes storage = new LocalStorageNodes(dir.resolve("s3"), 1)) {
        StorageNode s3node = storage.nodes().get(0);
        String[] nodes = {"--storage-nodes", s3node.id() + "=" + s3node.endpoint(), "--storage-credentials",
            storage.credentialsFile().toString(), "--work-dir", dir.resolve("no-stack").toString()};
        Result onS3 = run(concat(concat(new String[] {"otp", "publish", file.toString(), "--as", name + "@9",
            "--storage", "s3://" + s3node.id()}, key), nodes));
        assertEquals(0, onS3.exitCode(), onS3.err());
        assertTrue(onS3.out().contains(name + "@9") && onS3.out().contains(" at s3://" + s3node.id() + "/"),
            onS3.out());
        Path fromS3 = dir.resolve("from-s3.bin");
        Result got = run(concat(new String[] {"otp", "get", name, "--out", fromS3.toString(), "--chain-node", node},
            nodes));
        assertEquals(0, got.exitCode(), got.err());
        assertTrue(got.out().contains("served by s3://" + s3node.id() + "/"), got.out());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(fromS3));
        Result noNodes = run("otp", "get", name, "--out", fromS3.toString(), "--chain-node", node, "--storage-nodes",
            "other=http://127.0.0.1:1", "--storage-credentials", storage.credentialsFile().toString());
        assertEquals(1, noNodes.exitCode());
        assertTrue(noNodes.err().contains("no storage node '" + s3node.id() + "'"), noNodes.err());
      }

      Result malformed = run("otp", "resolve", "otp://" + owner + "/datasets/a/b", "--chain-node", node);
      assertEquals(2, malformed.exitCode());
      assertTrue(malformed.err().startsWith("cpchain: unknown OTP path '/datasets/a/b'"), malformed.err());
      Result unknown = run("otp", "resolve", "otp://" + owner + "/aggregates/none", "--chain-node", node);
      assertEquals("cpchain: no resource otp://" + owner + "/aggregates/none on the chain", unknown.err().strip());
    }
  }

  static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
