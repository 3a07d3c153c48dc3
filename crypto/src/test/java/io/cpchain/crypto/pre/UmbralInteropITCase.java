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
 * Against the reference implementation (rust-umbral 0.10 as published on npm, run with node): a
 * delegation made there from fixed keys is verified and opened here. This checks, byte for byte,
 * the parameter point U (RFC 9380 hash-to-curve), every domain-separated hash to a scalar, the kfrag
 * signature message and its ECDSA, the capsule's and the cfrag's proofs and the threshold
 * combination.
 */
class UmbralInteropITCase {

  private static final HexFormat HEX = HexFormat.of();
  private static final Path TOOLING = Path.of("src/test/node");

  @Test
  void aDelegationMadeByTheReferenceVerifiesAndOpensHere() throws Exception {
    UmbralSecretKey owner = key(7);
    UmbralSecretKey grantee = key(11);
    UmbralSecretKey signer = key(13);
    String output = runReference("{\"ownerSecret\":\"" + hex32(7) + "\",\"granteeSecret\":\"" + hex32(11)
        + "\",\"signerSecret\":\"" + hex32(13) + "\",\"threshold\":2,\"shares\":3}");

    assertEquals(field(output, "ownerPublic"), HEX.formatHex(owner.publicKey().toBytes()));
    assertEquals(field(output, "signerPublic"), HEX.formatHex(signer.publicKey().toBytes()));

    Capsule capsule = Capsule.fromBytes(HEX.parseHex(field(output, "capsule")));
    List<VerifiedCapsuleFrag> cfrags = new ArrayList<>();
    Matcher each = Pattern.compile("\"([0-9a-f]{" + 2 * CapsuleFrag.SIZE + "})\"").matcher(
        output.substring(output.indexOf("\"cfrags\"")));
    while (each.find()) {
      cfrags.add(CapsuleFrag.fromBytes(HEX.parseHex(each.group(1)))
          .verify(capsule, signer.publicKey(), owner.publicKey(), grantee.publicKey()));
    }
    assertEquals(2, cfrags.size());
    assertArrayEquals(Umbral.decapsulateOriginal(owner, capsule),
        Umbral.decapsulateReencrypted(grantee, owner.publicKey(), capsule, cfrags),
        "the grantee's key from the reference's cfrags is the owner's");
  }

  private static String runReference(String input) throws IOException, InterruptedException {
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
    Matcher m = Pattern.compile("\"" + name + "\":\"([0-9a-f]+)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    return m.group(1);
  }

  private static UmbralSecretKey key(int d) throws Exception {
    return UmbralSecretKey.fromBytes(HEX.parseHex(hex32(d)));
  }

  private static String hex32(int d) {
    return String.format("%064x", BigInteger.valueOf(d));
  }
}
