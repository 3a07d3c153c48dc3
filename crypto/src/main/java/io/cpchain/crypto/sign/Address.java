package io.cpchain.crypto.sign;

import io.cpchain.crypto.CryptoFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/** An Ethereum-style account address: 20 bytes, written with the EIP-55 mixed-case checksum. */
public final class Address {

  private final byte[] bytes;

  Address(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Comma-separated addresses (blanks around and between them ignored), as configs list them.
   *
   * @throws IllegalArgumentException naming the first that is not an address
   */
  public static Set<Address> setFromHex(String commaSeparated) {
    Set<Address> set = new HashSet<>();
    for (String hex : commaSeparated.split(",")) {
      if (!hex.isBlank()) {
        try {
          set.add(fromHex(hex.strip()));
        } catch (CryptoFormatException e) {
          throw new IllegalArgumentException("'" + hex.strip() + "' is not an address: " + e.getMessage());
        }
      }
    }
    return Set.copyOf(set);
  }

  /** Parses {@code 0x}-prefixed or bare hex; a mixed-case address must carry a correct EIP-55 checksum. */
  public static Address fromHex(String hex) throws CryptoFormatException {
    String digits = hex != null && (hex.startsWith("0x") || hex.startsWith("0X")) ? hex.substring(2) : hex;
    if (digits == null || digits.length() != 40 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new CryptoFormatException("an address is 40 hex digits");
    }
    Address address = new Address(HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT)));
    boolean mixedCase = !digits.equals(digits.toLowerCase(Locale.ROOT)) && !digits.equals(digits.toUpperCase(Locale.ROOT));
    if (mixedCase && !address.toHex().substring(2).equals(digits)) {
      throw new CryptoFormatException("address checksum (EIP-55) does not match");
    }
    return address;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** EIP-55: a hex letter is upper case where the matching nibble of Keccak-256(lowercase hex) is >= 8. */
  public String toHex() {
    String lower = HexFormat.of().formatHex(bytes);
    byte[] hash = Keccak.keccak256(lower.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
      out.append(Character.isLetter(c) && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Address address && Arrays.equals(bytes, address.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
