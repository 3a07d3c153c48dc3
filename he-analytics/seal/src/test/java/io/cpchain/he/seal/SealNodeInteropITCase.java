package io.cpchain.he.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * It is SEAL itself: what Java saves, node-seal on plain Node loads and decrypts, and the reverse,
 * through SEAL's own serialization only.
 */
class SealNodeInteropITCase {

  @TempDir
  Path work;

  @Test
  void keysAndCiphertextsCrossBetweenJavaAndNodeBothWays() throws Exception {
    long[] javaValues = LongStream.range(0, 16).map(i -> i * i - 50).toArray();
    try (BfvSession bfv = BfvSession.start(BfvParameters.of(8192, 20), new java.security.SecureRandom())) {
      SealContext context = bfv.context();
      Files.write(work.resolve("parms.bin"), context.saveParameters());
      Files.write(work.resolve("java-secret.bin"), bfv.secretKey().save());
      Files.write(work.resolve("java-public.bin"), bfv.publicKey().save());
      Files.write(work.resolve("java-cipher.bin"), bfv.encrypt(javaValues));

      runNode();

      String decryptedByNode = Files.readString(work.resolve("java-cipher.decrypted.json"), StandardCharsets.UTF_8);
      assertEquals(Arrays.stream(javaValues).mapToObj(v -> "\"" + v + "\"").toList().toString().replace(" ", ""),
          decryptedByNode);
      try (Ciphertext fromNode = context.loadCiphertext(Files.readAllBytes(work.resolve("node-under-java-key.bin")))) {
        assertArrayEquals(LongStream.range(0, 16).map(i -> 1000 + i).toArray(), Arrays.copyOf(bfv.decrypt(fromNode), 16));
      }
      try (SecretKey nodeSecret = context.loadSecretKey(Files.readAllBytes(work.resolve("node-secret.bin")));
          Decryptor decryptor = context.decryptor(nodeSecret);
          Ciphertext nodeCipher = context.loadCiphertext(Files.readAllBytes(work.resolve("node-cipher.bin")));
          Plaintext out = decryptor.decrypt(nodeCipher)) {
        assertArrayEquals(LongStream.range(0, 16).map(i -> 7 * i - 20).toArray(),
            Arrays.copyOf(bfv.encoder().decode(out), 16));
      }
    }
  }

  private void runNode() throws Exception {
    Path script = Path.of("src/test/node/seal-interop.cjs").toAbsolutePath();
    Process node = new ProcessBuilder("node", script.toString(), System.getProperty("node-seal.dir"), work.toString())
        .redirectErrorStream(true).start();
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!node.waitFor(120, TimeUnit.SECONDS)) {
      node.destroyForcibly();
      throw new AssertionError("node did not finish");
    }
    assertEquals(0, node.exitValue(), "node-seal on Node failed: " + output);
  }
}
