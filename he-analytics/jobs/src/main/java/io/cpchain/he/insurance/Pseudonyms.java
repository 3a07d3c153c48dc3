package io.cpchain.he.insurance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A driver's name towards one insurer: hex of the first 8 bytes of SHA-256 over the insurer's key
 * id, a zero byte and the device id. Stable per insurer, unlinkable across insurers; the insurer,
 * who sees the grants naming the device ids on the chain, can link its own pseudonyms back.
 */
public final class Pseudonyms {

  private Pseudonyms() {}

  public static String of(String insurerKeyId, String deviceId) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(insurerKeyId.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      return HexFormat.of().formatHex(Arrays.copyOf(sha256.digest(deviceId.getBytes(StandardCharsets.UTF_8)), 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
