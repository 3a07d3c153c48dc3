package io.cpchain.he.seal;

import java.util.Arrays;

/**
 * BFV with batching: exact integer arithmetic modulo a prime plaintext modulus t, on n slots at
 * once. Sums stay exact as long as they stay below t.
 *
 * @param coeffModulusBits null for SEAL's default coefficient modulus at {@code securityLevel}
 */
public record BfvParameters(int polyModulusDegree, int plainModulusBits, int[] coeffModulusBits,
    SecurityLevel securityLevel) implements EncryptionParameters {

  public BfvParameters {
    if (Integer.bitCount(polyModulusDegree) != 1 || polyModulusDegree < 1024) {
      throw new IllegalArgumentException("poly modulus degree must be a power of two >= 1024: " + polyModulusDegree);
    }
    if (plainModulusBits < 2 || plainModulusBits > 60) {
      throw new IllegalArgumentException("plain modulus bits must be 2..60: " + plainModulusBits);
    }
    coeffModulusBits = coeffModulusBits == null ? null : coeffModulusBits.clone();
  }

  /** SEAL's default 128-bit-secure coefficient modulus for {@code polyModulusDegree}. */
  public static BfvParameters of(int polyModulusDegree, int plainModulusBits) {
    return new BfvParameters(polyModulusDegree, plainModulusBits, null, SecurityLevel.tc128);
  }

  @Override
  public String scheme() {
    return "bfv";
  }

  @Override
  public int[] coeffModulusBits() {
    return coeffModulusBits == null ? null : coeffModulusBits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BfvParameters p && p.polyModulusDegree == polyModulusDegree
        && p.plainModulusBits == plainModulusBits && Arrays.equals(p.coeffModulusBits, coeffModulusBits)
        && p.securityLevel == securityLevel;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * polyModulusDegree + plainModulusBits) + Arrays.hashCode(coeffModulusBits);
  }

  @Override
  public String toString() {
    return "BFV(n=" + polyModulusDegree + ", t=" + plainModulusBits + " bits, q="
        + (coeffModulusBits == null ? "default" : Arrays.toString(coeffModulusBits)) + ", " + securityLevel + ")";
  }
}
