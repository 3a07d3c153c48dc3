package io.cpchain.sharing.protocol;

import java.util.HexFormat;

/** Hex for the JSON documents: writes lower case, reads with or without 0x, refuses anything else in one line. */
public final class Hex {

  private Hex() {}

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static byte[] parse(String hex, String what) {
    if (hex == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    try {
      return HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not hex");
    }
  }
}
