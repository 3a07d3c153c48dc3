package io.cpchain.crypto.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The fallback for real: a JVM that reports another CPU ({@code os.arch=sparcv9}) finds neither
 * native library, so it checks and makes signatures with Bouncy Castle through the public API; its
 * verdicts on every vector, and its signatures, are the native ones of this JVM, line for line.
 */
class FallbackJvmTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The backends in use, then one verdict per vector, through the public API only. */
  static List<String> verdicts() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add(SignatureBackend.inUse());
    byte[] message = "Satoshi Nakamoto".getBytes(StandardCharsets.US_ASCII);
    for (byte[] vector : SignatureVectors.secp256k1Vectors(message)) {
      for (byte[] m : new byte[][] {message, "another".getBytes(StandardCharsets.US_ASCII)}) {
        String verdict;
        try {
          verdict = RecoverableSignature.fromBytes(vector).recover(m).address().toHex();
        } catch (GeneralSecurityException rejected) { // a CryptoFormatException too
          verdict = "reject";
        }
        lines.add("secp256k1 " + HEX.formatHex(vector) + " " + verdict);
      }
    }
    for (int k = 1; k <= 5; k++) {
      AccountPrivateKey key = AccountPrivateKey.fromBytes(Secp256k1.toBytes32(BigInteger.valueOf(k)
          .multiply(BigInteger.valueOf(0x9e3779b97f4a7c15L).abs())));
      lines.add("secp256k1 signature " + k + " " + HEX.formatHex(key.sign(("message " + k).getBytes(
          StandardCharsets.US_ASCII)).toBytes()));
    }
    List<String[]> ed25519 = new ArrayList<>(List.of(SignatureVectors.RFC8032));
    byte[][] mixed = SignatureVectors.mixedOrderRSignature();
    ed25519.add(new String[] {HEX.formatHex(mixed[0]), HEX.formatHex(mixed[1]), HEX.formatHex(mixed[2])});
    for (String[] vector : ed25519) {
      boolean valid = Ed25519PublicKey.fromBytes(HEX.parseHex(vector[0]))
          .verify(HEX.parseHex(vector[1]), HEX.parseHex(vector[2]));
      lines.add("ed25519 " + vector[2] + " " + valid);
    }
    return lines;
  }

  public static void main(String[] args) throws Exception {
    verdicts().forEach(System.out::println);
  }

  @Test
  void aJvmWithoutTheNativeLibrariesJudgesEveryVectorAsTheNativeOnesDo() throws Exception {
    List<String> here = verdicts();
    assertEquals("secp256k1: libsecp256k1, Ed25519: libsodium", here.get(0));
    List<String> fallback = runInJvmWithoutNatives();
    assertEquals("secp256k1: bouncy-castle, Ed25519: bouncy-castle", fallback.get(0));
    assertEquals(here.subList(1, here.size()), fallback.subList(1, fallback.size()));
  }

  private static List<String> runInJvmWithoutNatives() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-Dos.arch=sparcv9", "-cp", System.getProperty("java.class.path"),
        FallbackJvmTest.class.getName()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!child.waitFor(2, TimeUnit.MINUTES) || child.exitValue() != 0) {
      throw new IllegalStateException("the fallback JVM failed:\n" + out);
    }
    return out.lines().toList();
  }
}
