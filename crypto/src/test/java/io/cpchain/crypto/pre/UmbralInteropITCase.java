package io.cpchain.crypto.pre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Both ways against the reference implementation (rust-umbral 0.10 as published on npm, run with
 * node), with fixed keys: what the reference makes is verified and opened here, and what Java makes
 * the reference verifies and opens. This pins, byte for byte, the wire format (MessagePack
 * {@code toBytes}), the parameter point U (RFC 9380 hash-to-curve), every domain-separated hash, the
 * kfrag signature message and its ECDSA, both proofs, the threshold combination and the DEM.
 */
class UmbralInteropITCase {

  private static final HexFormat HEX = HexFormat.of();
  private static final Path TOOLING = Path.of("src/test/node");
  private static final byte[] PLAINTEXT = "an interval key travels in a capsule".getBytes(StandardCharsets.UTF_8);

  private final UmbralSecretKey owner = key(7);
  private final UmbralSecretKey grantee = key(11);
  private final UmbralSecretKey signerKey = key(13);

  @Test
  void whatTheReferenceMakesVerifiesAndOpensHere() throws Exception {
    String output = runReference("\"mode\":\"make\",\"threshold\":2,\"shares\":3,\"plaintext\":\""
        + HEX.formatHex(PLAINTEXT) + "\"");
    assertEquals(field(output, "ownerPublic"), HEX.formatHex(owner.publicKey().toBytes()));
    assertEquals(field(output, "signerPublic"), HEX.formatHex(signerKey.publicKey().toBytes()));

    Capsule capsule = Capsule.fromBytes(HEX.parseHex(field(output, "capsule")));
    byte[] ciphertext = HEX.parseHex(field(output, "ciphertext"));
    List<VerifiedCapsuleFrag> cfrags = new ArrayList<>();
    for (String cfrag : list(output, "cfrags")) {
      cfrags.add(CapsuleFrag.fromBytes(HEX.parseHex(cfrag))
          .verify(capsule, signerKey.publicKey(), owner.publicKey(), grantee.publicKey()));
    }
    assertEquals(2, cfrags.size());
    assertArrayEquals(PLAINTEXT, Umbral.decryptOriginal(owner, capsule, ciphertext));
    assertArrayEquals(PLAINTEXT, Umbral.decryptReencrypted(grantee, owner.publicKey(), capsule, cfrags, ciphertext));
  }

  @Test
  void whatJavaMakesTheReferenceVerifiesAndOpens() throws Exception {
    Umbral.Encrypted encrypted = Umbral.encrypt(owner.publicKey(), PLAINTEXT);
    List<VerifiedKeyFrag> kfrags = Umbral.generateKFrags(owner, grantee.publicKey(), new UmbralSigner(signerKey),
        2, 3, true, true);
    List<String> kfragHex = new ArrayList<>();
    List<String> cfragHex = new ArrayList<>();
    for (VerifiedKeyFrag kfrag : kfrags.subList(1, 3)) {
      kfragHex.add("\"" + HEX.formatHex(kfrag.unverify().toBytes()) + "\"");
      cfragHex.add("\"" + HEX.formatHex(Umbral.reencrypt(encrypted.capsule(), kfrag).unverify().toBytes()) + "\"");
    }
    String output = runReference("\"mode\":\"open\",\"capsule\":\"" + HEX.formatHex(encrypted.capsule().toBytes())
        + "\",\"ciphertext\":\"" + HEX.formatHex(encrypted.ciphertext()) + "\",\"kfrags\":" + kfragHex
        + ",\"cfrags\":" + cfragHex);

    assertEquals(HEX.formatHex(PLAINTEXT), field(output, "original"));
    assertEquals(HEX.formatHex(PLAINTEXT), field(output, "withJavaCfrags"));
    assertEquals(HEX.formatHex(PLAINTEXT), field(output, "withJavaKfrags"));
  }

  private String runReference(String request) throws IOException, InterruptedException {
    String input = "{\"ownerSecret\":\"" + hex32(7) + "\",\"granteeSecret\":\"" + hex32(11) + "\",\"signerSecret\":\""
        + hex32(13) + "\"," + request + "}";
    Process node = new ProcessBuilder("node", "umbral-reference.cjs").directory(TOOLING.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    node.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    node.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = node.getInputStream()) {
      in.transferTo(out);
    }
    if (!node.waitFor(60, TimeUnit.SECONDS) || node.exitValue() != 0) {
      throw new IllegalStateException("the reference implementation failed: " + out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([0-9a-f]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  private static List<String> list(String json, String name) {
    Matcher array = Pattern.compile("\"" + name + "\":\\[([^\\]]*)\\]").matcher(json);
    if (!array.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    List<String> items = new ArrayList<>();
    Matcher item = Pattern.compile("\"([0-9a-f]+)\"").matcher(array.group(1));
    while (item.find()) {
      items.add(item.group(1));
    }
    return items;
  }

  private static UmbralSecretKey key(int d) {
    try {
      return UmbralSecretKey.fromBytes(HEX.parseHex(hex32(d)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex32(int d) {
    return String.format("%064x", BigInteger.valueOf(d));
  }
}
